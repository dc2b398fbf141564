import { generateTraffic, scoredEventOf, type SimulatedRecord } from '@vigil/simulator';
import type { GeneratedEvent } from './event-mix.ts';

/** Simulated period of one generation: a day of customers, with attack episodes spread over it. */
const GENERATION_MS = 24 * 3_600_000;

export interface LiveTraffic {
  /** The next `count` events in simulated-time order (each account's in the order they happen). */
  take(count: number): GeneratedEvent[];
  /** Generations started so far (each a fresh population: new accounts, new ids). */
  generations(): number;
}

/**
 * The simulator's traffic (benign customers plus every attack scenario it can schedule for the
 * population), endless: when one simulated day runs out, the next starts with new accounts.
 * Generated lazily in simulated time; `stamp` gives each event its wall-clock time when sent.
 */
export function createLiveTraffic(options: {
  accounts: number;
  seed: number;
  /** Prefix of every account and event id (≤ 28 characters of [A-Za-z0-9_.-]). */
  runId: string;
  /**
   * Where each generation's simulated day ends (epoch ms); default the wall clock when the
   * generation starts. Event times, and with them the order of events close together, depend
   * on it: two generators give the same events in the same order only for the same end.
   */
  simulatedEndsAt?: number;
}): LiveTraffic {
  let generation = 0;
  let records: Iterator<{ record: SimulatedRecord }> | undefined;
  const start = () => {
    generation += 1;
    // Simulated time ends now, so account creation dates stay in the past of the stamped times.
    return generateTraffic({
      accounts: options.accounts,
      seed: options.seed + generation - 1,
      runId: `${options.runId}g${generation}`,
      start: (options.simulatedEndsAt ?? Date.now()) - GENERATION_MS,
      duration: GENERATION_MS,
    }).records[Symbol.iterator]();
  };
  return {
    take(count) {
      const out: GeneratedEvent[] = [];
      while (out.length < count) {
        records ??= start();
        const next = records.next();
        if (next.done === true) {
          records = undefined;
          continue;
        }
        out.push(scoredEventOf(next.value.record));
      }
      return out;
    },
    generations: () => generation,
  };
}

/**
 * Re-stamps events as they are sent: occurredAt = now, but strictly after the account's previous
 * event, so an account's events (compressed from simulated hours into wall-clock seconds) keep
 * their order in the engine's event-time merge across the three topics instead of tying.
 */
export function createStamper(): (generated: GeneratedEvent, nowMs: number) => GeneratedEvent {
  const last = new Map<string, number>();
  return (generated, nowMs) => {
    const { accountId } = generated.event;
    const at = Math.max(nowMs, (last.get(accountId) ?? -Infinity) + 1);
    last.set(accountId, at);
    const occurredAt = new Date(at).toISOString();
    return { ...generated, event: { ...generated.event, occurredAt } } as GeneratedEvent;
  };
}
