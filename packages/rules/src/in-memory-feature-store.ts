import { DetailedBuckets } from './bucket-detail.ts';
import type { FeatureBatchItem, FeatureOp } from './feature-request.ts';
import type { FeatureBatchResult, FeatureStore } from './feature-store.ts';
import type { FeatureValue } from './feature-values.ts';
import type { LastEventRecord } from './feature-spec.ts';
import { DAILY_SLOT_MS, LAST_EVENT_RECORDS } from './feature-state-layout.ts';
import type { ListMutation } from './list-mutations.ts';

/**
 * How an event reads its features: `write` records it (first processing), `readOnly` reads as of
 * its time with the event already recorded (re-evaluation), `replay` reads without knowing
 * whether this plan recorded it (a replayed event id).
 */
type Mode = 'write' | 'readOnly' | 'replay';

interface SeenState {
  members: Map<string, { first: number; last: number }>;
  earliest: number;
}

/**
 * Reference implementation of the feature contract in process memory: the same as-of-event-time
 * semantics as the Redis script (bucket detail and its cap, first/last per seen value, latest
 * sighting per distinct member, the 4 newest last-event records, replay returns the first
 * results) without TTLs, the lateness horizon or the member caps. For unit tests of rules and of
 * the engine around them, and as the model the Redis store is checked against; not for
 * production (no sharing, no bound).
 */
export class InMemoryFeatureStore implements FeatureStore {
  /**
   * `redelivered`: which events may be delivered again (by account and event id); only theirs
   * are remembered for dedupe and replay. Default: every event, as Redis does. A replay of a
   * known history passes those it holds more than once: a store that keeps the first results of
   * every event would hold (and make the garbage collector copy) all of them.
   */
  constructor(
    private readonly options: {
      redelivered?: (accountId: string, eventId: string) => boolean;
    } = {},
  ) {}

  private readonly buckets = new Map<string, DetailedBuckets>();
  private readonly sightings = new Map<string, Map<string, number>>();
  private readonly seen = new Map<string, SeenState>();
  private readonly records = new Map<string, LastEventRecord[]>();
  private readonly averages = new Map<string, { count: number; sum: number }>();
  private readonly lists = new Set<string>();
  private readonly latest = new Map<string, number>();
  /** Per event id: its first processing, with the values in request order (as Redis keeps them). */
  private readonly processed = new Map<
    string,
    { origin: string; plan: string; values: FeatureValue[]; latestAt: number | null }
  >();

  computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]> {
    return Promise.resolve(batch.map((item) => this.computeOne(item)));
  }

  applyListMutations(mutations: readonly ListMutation[]): Promise<void> {
    for (const mutation of mutations) {
      if (mutation.op === 'add') this.lists.add(mutation.key);
      else this.lists.delete(mutation.key);
    }
    return Promise.resolve();
  }

  private computeOne(item: FeatureBatchItem): FeatureBatchResult {
    const current = this.latest.get(item.accountId) ?? null;
    if (item.readOnly) {
      const values = new Map<string, FeatureValue>();
      for (const request of item.requests)
        values.set(request.id, this.apply(request.id, request.op, item.at, 'readOnly'));
      return { replayed: false, duplicate: false, values, latestAt: current };
    }
    // An event that is not delivered again was never remembered: no key to make or look up.
    const remembered = this.options.redelivered?.(item.accountId, item.eventId) ?? true;
    const dedupeKey = remembered ? `${item.accountId}\u0000${item.eventId}` : '';
    const origin = item.origin ?? '';
    const plan = item.plan ?? '';
    const previous = remembered ? this.processed.get(dedupeKey) : undefined;
    // The first results serve a replay that derived the same features (same plan, as many), by
    // position like the Redis script's: ids are not kept, a replay of millions of events
    // would hold every one.
    const first =
      previous?.plan === plan && previous.values.length === item.requests.length
        ? previous
        : undefined;
    const mode: Mode = previous ? 'replay' : 'write';
    const values = new Map<string, FeatureValue>();
    const inOrder: FeatureValue[] = [];
    for (let i = 0; i < item.requests.length; i += 1) {
      const request = item.requests[i]!;
      const value = first ? first.values[i]! : this.apply(request.id, request.op, item.at, mode);
      values.set(request.id, value);
      inOrder.push(value);
    }
    if (!previous) {
      if (remembered)
        this.processed.set(dedupeKey, { origin, plan, values: inOrder, latestAt: current });
      this.latest.set(item.accountId, Math.max(current ?? item.at, item.at));
    }
    return {
      replayed: previous !== undefined,
      duplicate: previous !== undefined && previous.origin !== origin,
      values,
      latestAt: first ? first.latestAt : current,
    };
  }

  private bucketsOf(key: string, bucketMs: number): DetailedBuckets {
    let buckets = this.buckets.get(key);
    if (!buckets) {
      buckets = new DetailedBuckets(bucketMs);
      this.buckets.set(key, buckets);
    }
    return buckets;
  }

  /** Counters and daily totals: read before this event's own increment, then record it. */
  private sum(buckets: DetailedBuckets, from: number, at: number, increment: number, mode: Mode) {
    if (mode !== 'write') return buckets.sumIn(from, at, mode === 'readOnly' ? increment : 0);
    const value = buckets.sumIn(from, at, 0) + increment;
    if (increment > 0) buckets.add(at, increment);
    return value;
  }

  private apply(key: string, op: FeatureOp, at: number, mode: Mode): FeatureValue {
    const write = mode === 'write';
    switch (op.kind) {
      case 'counter': {
        const buckets = this.bucketsOf(key, op.bucketMs);
        return {
          kind: 'count',
          value: this.sum(buckets, at - op.windowMs, at, op.increment, mode),
        };
      }
      case 'daily': {
        const buckets = this.bucketsOf(key, DAILY_SLOT_MS);
        const value = this.sum(buckets, Number.NEGATIVE_INFINITY, at, op.increment, mode);
        return { kind: 'count', value };
      }
      case 'distinct':
        return { kind: 'count', value: this.distinct(key, op, at, mode) };
      case 'seen_before':
        return this.seenBefore(key, op, at, write);
      case 'last_event': {
        const records = this.records.get(key) ?? [];
        const record = records.find((r) => r.at < at) ?? null;
        if (write && op.record) {
          // Newest first; a record as new as a kept one goes before it.
          const position = records.findIndex((r) => r.at <= at);
          records.splice(position === -1 ? records.length : position, 0, op.record);
          records.length = Math.min(records.length, LAST_EVENT_RECORDS);
          this.records.set(key, records);
        }
        return { kind: 'last', record };
      }
      case 'average': {
        const average = this.averages.get(key);
        const count = average?.count ?? 0;
        const sum = average?.sum ?? 0;
        if (write && op.sample !== null) {
          if (average) {
            average.count += 1;
            average.sum += op.sample;
          } else this.averages.set(key, { count: 1, sum: op.sample });
        }
        return { kind: 'average', count, mean: count === 0 ? 0 : sum / count };
      }
      case 'list':
        return { kind: 'listed', listed: this.lists.has(key) };
    }
  }

  private distinct(
    key: string,
    op: Extract<FeatureOp, { kind: 'distinct' }>,
    at: number,
    mode: Mode,
  ): number {
    let members = this.sightings.get(key);
    if (!members) {
      members = new Map();
      this.sightings.set(key, members);
    }
    if (mode === 'write' && op.member !== null)
      members.set(op.member, Math.max(members.get(op.member) ?? at, at));
    let count = 0;
    for (const seenAt of members.values())
      if (seenAt > at - op.windowMs && seenAt <= at) count += 1;
    // The event's own member was seen at `at` even if its latest sighting is later.
    const own = op.member === null || mode === 'replay' ? undefined : members.get(op.member);
    return own !== undefined && own > at ? count + 1 : count;
  }

  private seenBefore(
    key: string,
    op: Extract<FeatureOp, { kind: 'seen_before' }>,
    at: number,
    write: boolean,
  ): FeatureValue {
    const state = this.seen.get(key);
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
        this.seen.set(key, {
          members: new Map([[op.member, { first: at, last: at }]]),
          earliest: at,
        });
      } else {
        // In place: a replay updates millions of these.
        if (entry) {
          entry.first = Math.min(entry.first, at);
          entry.last = Math.max(entry.last, at);
        } else state.members.set(op.member, { first: at, last: at });
        state.earliest = Math.min(state.earliest, at);
      }
    }
    return { kind: 'seen', lastSeenAt, known, firstSeenAt, historySince };
  }
}
