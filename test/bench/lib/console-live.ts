import {
  openEventStream,
  type ApiCaller,
  type SseEvent,
} from '@vigil/agent-console/src/test-support/console-http.ts';
import { decision } from '@vigil/agent-console/src/test-support/console-stack.ts';
import type { CasesClient } from '@vigil/protos';

/** The queue page reloads this long after the first change it hears of (queue-page.tsx). */
export const PAGE_RELOAD_DEBOUNCE_MS = 500;
/** The view an agent watching for new work keeps open: the newest open cases. */
export const LIVE_QUEUE_QUERY = 'status=open&sort=newest&pageSize=25';

export interface LiveResult {
  raised: number;
  /** RaiseCase call started → its `case` event read from /api/events (ms). */
  toStream: number[];
  /** RaiseCase call started → a reload of the open queue page (as the page does it) lists it. */
  toPage: number[];
  /** The RaiseCase call itself (ms). */
  raiseCall: number[];
  /** Seconds from the first RaiseCase to the last. */
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * New cases raised at a paced rate (open loop: each RaiseCase starts on its schedule, whether the
 * previous one has answered or not) as the risk engine raises them, while a signed-in agent has
 * the live stream open. The stream's reader also does what the queue page does with it: on a
 * change, reload the page once PAGE_RELOAD_DEBOUNCE_MS later (changes meanwhile share that reload).
 */
export async function measureLive(options: {
  url: string;
  agent: ApiCaller;
  engine: CasesClient;
  cases: number;
  ratePerSecond: number;
  accountPrefix: string;
  /** How long to wait for the last ones after the last RaiseCase. */
  settleMs?: number;
}): Promise<LiveResult> {
  const { agent, engine, cases, accountPrefix } = options;
  const sentAt = new Map<string, number>();
  const streamAt = new Map<string, number>();
  const pageAt = new Map<string, number>();
  let reloadTimer: NodeJS.Timeout | undefined;
  const reload = async () => {
    reloadTimer = undefined;
    const response = await agent.get(`/api/cases?${LIVE_QUEUE_QUERY}`);
    const page = (await response.json()) as { cases: { accountId: string }[] };
    const now = performance.now();
    for (const { accountId } of page.cases)
      if (sentAt.has(accountId) && !pageAt.has(accountId)) pageAt.set(accountId, now);
  };
  let ready: () => void = () => undefined;
  const readyNow = new Promise<void>((resolve) => (ready = resolve));
  const onEvent = (event: SseEvent) => {
    if (event.event === 'ready') ready();
    if (event.event !== 'case') return;
    const { accountId } = event.data as { accountId: string };
    if (sentAt.has(accountId) && !streamAt.has(accountId))
      streamAt.set(accountId, performance.now());
    reloadTimer ??= setTimeout(() => void reload(), PAGE_RELOAD_DEBOUNCE_MS);
  };
  const stream = await openEventStream(options.url, agent.cookie, onEvent);
  const raiseCall: number[] = [];
  try {
    await readyNow;
    const intervalMs = 1_000 / options.ratePerSecond;
    const started = performance.now();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < cases; i += 1) {
      await sleep(started + i * intervalMs - performance.now());
      const accountId = `${accountPrefix}${i}`;
      const t0 = performance.now();
      sentAt.set(accountId, t0);
      calls.push(
        engine.raiseCase(decision({ accountId })).then(() => {
          raiseCall.push(performance.now() - t0);
        }),
      );
    }
    await Promise.all(calls);
    const seconds = (performance.now() - started) / 1_000;
    const deadline = performance.now() + (options.settleMs ?? 10_000);
    while (pageAt.size < cases && performance.now() < deadline) await sleep(50);
    const since = (at: Map<string, number>) =>
      [...at].map(([accountId, t]) => t - sentAt.get(accountId)!);
    return { raised: cases, toStream: since(streamAt), toPage: since(pageAt), raiseCall, seconds };
  } finally {
    clearTimeout(reloadTimer);
    stream.close();
  }
}
