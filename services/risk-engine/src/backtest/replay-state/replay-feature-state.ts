import {
  DAILY_SLOT_MS,
  DetailedBuckets,
  LAST_EVENT_RECORDS,
  type FeatureValue,
  type LastEventRecord,
} from '@vigil/rules';
import type { ReplayOp } from './replay-request.ts';

/**
 * `write` records the event (its first processing); `replay` reads without knowing whether it
 * was recorded (an event delivered again), as the reference store's modes.
 */
export type ReplayMode = 'write' | 'replay';

/** A distinct feature's members (value numbers) with their latest sighting. */
type Sightings = Map<number, number>;

interface Seen {
  members: Map<number, { first: number; last: number }>;
  earliest: number;
}

interface Average {
  count: number;
  sum: number;
}

type SlotState = DetailedBuckets | Sightings | Seen | LastEventRecord[] | Average;

const NOT_LISTED: FeatureValue = { kind: 'listed', listed: false };

/**
 * The feature state of a replay, one entry per slot (ReplayFeatureResolver) in an array
 * instead of maps keyed by id strings. The semantics are the in-memory reference store's
 * (`InMemoryFeatureStore.apply` of @vigil/rules, write and replay modes), line for line, on the
 * same bucket detail (`DetailedBuckets`): the equivalence test holds the two together.
 */
export class ReplayFeatureState {
  private readonly states: (SlotState | undefined)[] = [];

  apply(slot: number, op: ReplayOp, at: number, mode: ReplayMode): FeatureValue {
    switch (op.kind) {
      case 'counter': {
        const buckets = this.bucketsOf(slot, op.bucketMs);
        return { kind: 'count', value: sum(buckets, at - op.windowMs, at, op.increment, mode) };
      }
      case 'daily': {
        const buckets = this.bucketsOf(slot, DAILY_SLOT_MS);
        return {
          kind: 'count',
          value: sum(buckets, Number.NEGATIVE_INFINITY, at, op.increment, mode),
        };
      }
      case 'distinct':
        return { kind: 'count', value: this.distinct(slot, op, at, mode) };
      case 'seen_before':
        return this.seenBefore(slot, op, at, mode === 'write');
      case 'last_event':
        return this.lastEvent(slot, op, at, mode === 'write');
      case 'average':
        return this.average(slot, op, mode === 'write');
      case 'list':
        return NOT_LISTED;
    }
  }

  private bucketsOf(slot: number, bucketMs: number): DetailedBuckets {
    let buckets = this.states[slot] as DetailedBuckets | undefined;
    if (!buckets) {
      buckets = new DetailedBuckets(bucketMs);
      this.states[slot] = buckets;
    }
    return buckets;
  }

  private distinct(
    slot: number,
    op: Extract<ReplayOp, { kind: 'distinct' }>,
    at: number,
    mode: ReplayMode,
  ): number {
    let members = this.states[slot] as Sightings | undefined;
    if (!members) {
      members = new Map();
      this.states[slot] = members;
    }
    const member = op.member;
    if (mode === 'write' && member !== -1)
      members.set(member, Math.max(members.get(member) ?? at, at));
    let count = 0;
    for (const seenAt of members.values())
      if (seenAt > at - op.windowMs && seenAt <= at) count += 1;
    // The event's own member was seen at `at` even if its latest sighting is later.
    const own = member === -1 || mode === 'replay' ? undefined : members.get(member);
    return own !== undefined && own > at ? count + 1 : count;
  }

  private seenBefore(
    slot: number,
    op: Extract<ReplayOp, { kind: 'seen_before' }>,
    at: number,
    write: boolean,
  ): FeatureValue {
    const state = this.states[slot] as Seen | undefined;
    const entry = state?.members.get(op.member);
    let lastSeenAt: number | null = null;
    if (entry && entry.last < at) lastSeenAt = entry.last;
    // Seen before `at` and again after: when exactly before is unknown, so "just before".
    else if (entry && entry.first < at) lastSeenAt = at - 1;
    const known = state !== undefined && state.earliest < at;
    const firstSeenAt = entry && entry.first < at ? entry.first : null;
    const historySince = known ? state.earliest : null;
    if (write && op.record) {
      if (!state) {
        const members = new Map([[op.member, { first: at, last: at }]]);
        this.states[slot] = { members, earliest: at } satisfies Seen;
      } else {
        if (entry) {
          entry.first = Math.min(entry.first, at);
          entry.last = Math.max(entry.last, at);
        } else state.members.set(op.member, { first: at, last: at });
        state.earliest = Math.min(state.earliest, at);
      }
    }
    return { kind: 'seen', lastSeenAt, known, firstSeenAt, historySince };
  }

  private lastEvent(
    slot: number,
    op: Extract<ReplayOp, { kind: 'last_event' }>,
    at: number,
    write: boolean,
  ): FeatureValue {
    const records = (this.states[slot] as LastEventRecord[] | undefined) ?? [];
    const record = records.find((r) => r.at < at) ?? null;
    if (write && op.record) {
      // Newest first; a record as new as a kept one goes before it.
      const position = records.findIndex((r) => r.at <= at);
      records.splice(position === -1 ? records.length : position, 0, op.record);
      records.length = Math.min(records.length, LAST_EVENT_RECORDS);
      this.states[slot] = records;
    }
    return { kind: 'last', record };
  }

  private average(
    slot: number,
    op: Extract<ReplayOp, { kind: 'average' }>,
    write: boolean,
  ): FeatureValue {
    const average = this.states[slot] as Average | undefined;
    const count = average?.count ?? 0;
    const total = average?.sum ?? 0;
    if (write && op.sample !== null) {
      if (average) {
        average.count += 1;
        average.sum += op.sample;
      } else this.states[slot] = { count: 1, sum: op.sample } satisfies Average;
    }
    return { kind: 'average', count, mean: count === 0 ? 0 : total / count };
  }
}

/** Counters and daily totals: read before this event's own increment, then record it. */
function sum(
  buckets: DetailedBuckets,
  from: number,
  at: number,
  increment: number,
  mode: ReplayMode,
): number {
  if (mode !== 'write') return buckets.sumIn(from, at, 0);
  const value = buckets.sumIn(from, at, 0) + increment;
  if (increment > 0) buckets.add(at, increment);
  return value;
}
