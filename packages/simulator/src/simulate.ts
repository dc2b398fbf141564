import { HOUR, parseDuration } from './domain/duration.ts';
import { generateTraffic, scheduledScenarios, type EpisodePlan } from './domain/generate-traffic.ts';
import { SCENARIOS, type SimulatedRecord } from './domain/ground-truth.ts';
import { SCENARIO_CATALOG } from './domain/scenarios/catalog.ts';
import { createTopicDelay, type TopicDelays } from './domain/topic-delay.ts';
import { DEFAULT_SEED, type TrafficOptionsInput } from './domain/traffic-options.ts';
import { paced, type Clock } from './pacing.ts';

export const SIMULATION_MODES = ['backlog', 'paced', 'replay', 'live'] as const;
export type SimulationMode = (typeof SIMULATION_MODES)[number];

export interface SimulateOptions extends Omit<TrafficOptionsInput, 'start'> {
  /**
   * backlog: simulated occurredAt, everything as fast as the consumer pulls (no `rate`); the
   *   engine is started afterwards and reads a full backlog.
   * paced: simulated occurredAt at `rate` events per second (required).
   * replay: simulated occurredAt, at `rate` when given, else as fast as possible (backlog or paced).
   * live: occurredAt = the wall clock when the event is emitted, paced at `rate` (default 100/s);
   *   not comparable between runs, nor with the other modes.
   * Without `start` (live, or replay ending by now) ids default to `s<seed>-<start in base 36>`:
   * two such runs never share an eventId.
   * backlog, paced and replay emit the same events (eventIds, occurredAt, order) for the same
   * seed, start and options: only the wall-clock timing differs.
   */
  mode?: SimulationMode;
  /** Events per second; replay without it runs as fast as the consumer pulls. */
  rate?: number;
  /** Start of the measured period; default: replay ends by now (start = now − max(duration, longest episode)), live starts now. Give it to compare runs. */
  start?: number | string;
  /** Topics produced late, in event time (see createTopicDelay): ms per inbound topic. */
  delays?: TopicDelays;
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

/** The pacing rate of a mode, or a RangeError for a mode and rate that do not go together. */
function rateOf(mode: SimulationMode, rate: number | undefined): number | undefined {
  if (mode === 'backlog' && rate !== undefined) throw new RangeError('backlog mode produces as fast as possible: no rate');
  if (mode === 'paced' && rate === undefined) throw new RangeError('paced mode needs a rate (events per second)');
  return rate ?? (mode === 'live' ? 100 : undefined);
}

/**
 * Simulated traffic as an async iterable of {topic, event, label}, time-ordered (so every
 * account's events come in order) except for topics held back by `delays`. Deterministic for a
 * seed and start in backlog, paced and replay modes.
 */
export async function* simulate(options: SimulateOptions = {}): AsyncGenerator<SimulatedRecord> {
  const clock = options.clock ?? systemClock;
  const mode = options.mode ?? 'replay';
  const rate = rateOf(mode, options.rate);
  const { mode: _m, rate: _r, beforeWait: _b, clock: _c, signal: _s, delays: _d, ...traffic } = options;
  const duration = traffic.duration === undefined ? 2 * HOUR : typeof traffic.duration === 'number' ? traffic.duration : parseDuration(traffic.duration);
  // Replay ends by now: episodes longer than a short period run past its end, so back off by the longest scheduled.
  const { scheduled } = scheduledScenarios(traffic.scenarios ?? SCENARIOS, traffic.accounts ?? 1_000, duration);
  const longest = Math.max(0, ...scheduled.map((s) => SCENARIO_CATALOG[s].spanMs));
  const start = options.start ?? (mode === 'live' ? clock.now() : clock.now() - Math.max(duration, longest));
  // Without a start, runs are not comparable: ids of their own (the start in base 36), or an
  // engine takes a second run's events for resends of the first's (same eventIds, the dedupe key)
  // and decides none of them.
  const runId = traffic.runId ?? (options.start === undefined ? `s${traffic.seed ?? DEFAULT_SEED}-${start.toString(36)}` : undefined);
  const { records } = generateTraffic({ ...traffic, start, ...(runId === undefined ? {} : { runId }) });
  const stream = (function* () {
    for (const planned of records) yield planned.record;
  })();
  // Live events are stamped when emitted, so the delay sees wall-clock event time there.
  const delay = createTopicDelay(options.delays ?? {});
  for await (const record of paced(stream, { rate, clock, beforeWait: options.beforeWait, signal: options.signal })) {
    yield* delay.push(mode === 'live' ? restamp(record, new Date(clock.now()).toISOString()) : record);
  }
  if (options.signal?.aborted !== true) yield* delay.flush();
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
