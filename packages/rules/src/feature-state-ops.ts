import { DetailedBuckets } from './bucket-detail.ts';
import type { LastEventRecord } from './feature-spec.ts';
import { LAST_EVENT_RECORDS } from './feature-state-layout.ts';
import type { FeatureValue } from './feature-values.ts';

/**
 * How an event reads its features: `write` records it (first processing), `readOnly` reads as of
 * its time with the event already recorded (re-evaluation), `replay` reads without knowing
 * whether this plan recorded it (a replayed event id).
 */
export type FeatureMode = 'write' | 'readOnly' | 'replay';

/** A seen_before feature's state: each member's first and last recording, and the earliest of all. */
export interface SeenState<M> {
  members: Map<M, { first: number; last: number }>;
  earliest: number;
}

/**
 * Where one kind of state is kept, by whatever names a feature: a Map (the reference store's ids)
 * or an array indexed by slot number (the backtest's replay).
 */
export interface KeyedStates<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The in-memory feature semantics, one function per kind of state, over maps keyed by whatever
 * names a feature (`K`: its id in the reference store, a slot number in the backtest's replay
 * state) and its members (`M`: values, or their numbers). One code for both, so the replay
 * cannot drift from the reference model the Redis script is checked against.
 */
export function bucketsIn<K>(all: KeyedStates<K, DetailedBuckets>, key: K, bucketMs: number) {
  let buckets = all.get(key);
  if (!buckets) {
    buckets = new DetailedBuckets(bucketMs);
    all.set(key, buckets);
  }
  return buckets;
}

/** Counters and daily totals: read before this event's own increment, then record it. */
export function bucketSum(
  buckets: DetailedBuckets,
  from: number,
  at: number,
  increment: number,
  mode: FeatureMode,
): number {
  if (mode !== 'write') return buckets.sumIn(from, at, mode === 'readOnly' ? increment : 0);
  const value = buckets.sumIn(from, at, 0) + increment;
  if (increment > 0) buckets.add(at, increment);
  return value;
}

/**
 * A distinct member's latest sighting and the one before it (`previous`, when seen twice): a
 * read as of a time before the latest one still finds the member seen in its window when the
 * sighting before was — exact for members seen at most twice, toward not counting beyond.
 */
export interface Sighting {
  latest: number;
  previous?: number;
}

/** A distinct feature: record `member` (null: read only), count the members seen in (at − W, at]. */
export function distinctCount<K, M>(
  all: KeyedStates<K, Map<M, Sighting>>,
  key: K,
  member: M | null,
  windowMs: number,
  at: number,
  mode: FeatureMode,
): number {
  let members = all.get(key);
  if (!members) {
    members = new Map();
    all.set(key, members);
  }
  if (mode === 'write' && member !== null) {
    const seen = members.get(member);
    if (!seen) members.set(member, { latest: at });
    else if (seen.latest < at) members.set(member, { latest: at, previous: seen.latest });
    else if (seen.latest > at && (seen.previous === undefined || seen.previous < at))
      seen.previous = at;
  }
  const from = at - windowMs;
  let count = 0;
  for (const [seenMember, { latest, previous }] of members) {
    if (latest > from && latest <= at) count += 1;
    // Seen again after `at`: counted by the sighting before that, the event's own member always
    // (it was seen at `at`).
    else if (latest > at) {
      const own = member !== null && mode !== 'replay' && seenMember === member;
      if (own || (previous !== undefined && previous > from && previous <= at)) count += 1;
    }
  }
  return count;
}

/** A seen_before feature: read strictly before `at`, then record `member` at `at` if `record`. */
export function seenBefore<K, M>(
  all: KeyedStates<K, SeenState<M>>,
  key: K,
  member: M,
  at: number,
  record: boolean,
): FeatureValue {
  const state = all.get(key);
  const entry = state?.members.get(member);
  let lastSeenAt: number | null = null;
  if (entry && entry.last < at) lastSeenAt = entry.last;
  // Seen before `at` and again after: when exactly before is unknown, so "just before".
  else if (entry && entry.first < at) lastSeenAt = at - 1;
  const known = state !== undefined && state.earliest < at;
  const firstSeenAt = entry && entry.first < at ? entry.first : null;
  const historySince = known ? state.earliest : null;
  if (record) {
    if (!state) {
      all.set(key, { members: new Map([[member, { first: at, last: at }]]), earliest: at });
    } else {
      // In place: a replay updates millions of these.
      if (entry) {
        entry.first = Math.min(entry.first, at);
        entry.last = Math.max(entry.last, at);
      } else state.members.set(member, { first: at, last: at });
      state.earliest = Math.min(state.earliest, at);
    }
  }
  return { kind: 'seen', lastSeenAt, known, firstSeenAt, historySince };
}

/** A last_event feature: the newest record strictly before `at`, then keep `record` (if given). */
export function lastEvent<K>(
  all: KeyedStates<K, LastEventRecord[]>,
  key: K,
  at: number,
  record: LastEventRecord | null,
): FeatureValue {
  const records = all.get(key) ?? [];
  const before = records.find((r) => r.at < at) ?? null;
  if (record) {
    // Newest first; a record as new as a kept one goes before it.
    const position = records.findIndex((r) => r.at <= at);
    records.splice(position === -1 ? records.length : position, 0, record);
    records.length = Math.min(records.length, LAST_EVENT_RECORDS);
    all.set(key, records);
  }
  return { kind: 'last', record: before };
}

/** An average feature: the running average before this event, then add `sample` (if given). */
export function runningAverage<K>(
  all: KeyedStates<K, { count: number; sum: number }>,
  key: K,
  sample: number | null,
): FeatureValue {
  const average = all.get(key);
  const count = average?.count ?? 0;
  const sum = average?.sum ?? 0;
  if (sample !== null) {
    if (average) {
      average.count += 1;
      average.sum += sample;
    } else all.set(key, { count: 1, sum: sample });
  }
  return { kind: 'average', count, mean: count === 0 ? 0 : sum / count };
}
