import { HOUR, parseDuration } from './domain/duration.ts';
import { generateTraffic, type EpisodePlan } from './domain/generate-traffic.ts';
import { SCENARIOS, type SimulatedRecord } from './domain/ground-truth.ts';
import { SCENARIO_CATALOG } from './domain/scenarios/catalog.ts';
import type { TrafficOptionsInput } from './domain/traffic-options.ts';
import { paced, type Clock } from './pacing.ts';

export interface SimulateOptions extends Omit<TrafficOptionsInput, 'start'> {
  /**
   * replay: occurredAt spread over the simulated period, emitted as fast as possible or at `rate`.
   * live: occurredAt = the wall clock when the event is emitted, paced at `rate` (default 100/s).
   */
  mode?: 'replay' | 'live';
  /** Events per second; replay without it runs as fast as the consumer pulls. */
  rate?: number;
  /** Start of the measured period; default: replay ends by now (start = now − max(duration, longest episode)), live starts now. */
  start?: number | string;
  /** Called before each pause for pacing, so a batching sink can flush what it holds. */
  beforeWait?: () => Promise<void>;
  clock?: Clock;
  signal?: AbortSignal;
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The episodes `simulate` with these options will contain (no events are generated twice). */
export function planEpisodes(options: SimulateOptions & { start: number | string }): EpisodePlan[] {
  return generateTraffic({ ...options }).episodes;
}

/**
 * Simulated traffic as an async iterable of {topic, event, label}, time-ordered (so every
 * account's events come in order). Deterministic for a seed and start in replay mode.
 */
export async function* simulate(options: SimulateOptions = {}): AsyncGenerator<SimulatedRecord> {
  const clock = options.clock ?? systemClock;
  const mode = options.mode ?? 'replay';
  const { mode: _m, rate: _r, beforeWait: _b, clock: _c, signal: _s, ...traffic } = options;
  const duration = traffic.duration === undefined ? 2 * HOUR : typeof traffic.duration === 'number' ? traffic.duration : parseDuration(traffic.duration);
  // Replay ends by now: episodes longer than a short period run past its end, so back off by the longest.
  const longest = Math.max(0, ...(traffic.scenarios ?? SCENARIOS).map((s) => SCENARIO_CATALOG[s].spanMs));
  const start = options.start ?? (mode === 'live' ? clock.now() : clock.now() - Math.max(duration, longest));
  const { records } = generateTraffic({ ...traffic, start });
  const rate = options.rate ?? (mode === 'live' ? 100 : undefined);
  const stream = (function* () {
    for (const planned of records) yield planned.record;
  })();
  for await (const record of paced(stream, { rate, clock, beforeWait: options.beforeWait, signal: options.signal })) {
    yield mode === 'live' ? restamp(record, new Date(clock.now()).toISOString()) : record;
  }
}

/** Live mode: the event happened now. The label carries the same time so time-to-catch stays right. */
function restamp(record: SimulatedRecord, occurredAt: string): SimulatedRecord {
  const label = { ...record.label, occurredAt };
  switch (record.topic) {
    case 'payments.transactions.v1':
      return { topic: record.topic, event: { ...record.event, occurredAt }, label };
    case 'identity.logins.v1':
      return { topic: record.topic, event: { ...record.event, occurredAt }, label };
    case 'identity.account-changes.v1':
      return { topic: record.topic, event: { ...record.event, occurredAt }, label };
  }
}
