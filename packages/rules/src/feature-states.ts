import type { DetailedBuckets } from './bucket-detail.ts';
import type { LastEventRecord } from './feature-spec.ts';
import { DAILY_SLOT_MS } from './feature-state-layout.ts';
import {
  bucketSum,
  bucketsIn,
  distinctCount,
  lastEvent,
  runningAverage,
  seenBefore,
  type FeatureMode,
  type KeyedStates,
  type SeenState,
  type Sighting,
} from './feature-state-ops.ts';
import type { FeatureValue } from './feature-values.ts';

/**
 * What the in-memory states do with one feature of one event, whatever names its members (`M`):
 * the engine's `FeatureOp` (values as text) and the backtest's replay op (interned numbers) are
 * both this. Lists are each store's own (the reference store's mutations; none in a replay).
 */
export type StateOp<M> =
  | { kind: 'counter'; windowMs: number; bucketMs: number; increment: number }
  | { kind: 'daily'; increment: number }
  /** `member` null: the event records none (read only). */
  | { kind: 'distinct'; windowMs: number; member: M | null }
  | { kind: 'seen_before'; member: M; record: boolean }
  | { kind: 'last_event'; record: LastEventRecord | null }
  | { kind: 'average'; sample: number | null };

/** Whether applying the op changes the feature's state (else it only reads); a list never does. */
export function recordsEvent(op: StateOp<unknown> | { kind: 'list' }): boolean {
  switch (op.kind) {
    case 'counter':
    case 'daily':
      return op.increment > 0;
    case 'distinct':
      return op.member !== null;
    case 'seen_before':
      return op.record;
    case 'last_event':
      return op.record !== null;
    case 'average':
      return op.sample !== null;
    case 'list':
      return false;
  }
}

/**
 * The in-memory feature states, keyed by whatever names a feature (`K`: its id in the reference
 * store, a slot number in the backtest's replay state): one dispatch over the state functions
 * (feature-state-ops.ts) for both, so the replay cannot drift from the reference model the Redis
 * script is checked against.
 */
export class FeatureStates<K, M> {
  private readonly buckets: KeyedStates<K, DetailedBuckets>;
  private readonly sightings: KeyedStates<K, Map<M, Sighting>>;
  private readonly seen: KeyedStates<K, SeenState<M>>;
  private readonly records: KeyedStates<K, LastEventRecord[]>;
  private readonly averages: KeyedStates<K, { count: number; sum: number }>;

  /** `keep` makes where each kind of state is kept (default: a Map). */
  constructor(keep: <V>() => KeyedStates<K, V> = () => new Map()) {
    this.buckets = keep();
    this.sightings = keep();
    this.seen = keep();
    this.records = keep();
    this.averages = keep();
  }

  apply(key: K, op: StateOp<M>, at: number, mode: FeatureMode): FeatureValue {
    const write = mode === 'write';
    switch (op.kind) {
      case 'counter': {
        const buckets = bucketsIn(this.buckets, key, op.bucketMs);
        return {
          kind: 'count',
          value: bucketSum(buckets, at - op.windowMs, at, op.increment, mode),
        };
      }
      case 'daily': {
        const buckets = bucketsIn(this.buckets, key, DAILY_SLOT_MS);
        const value = bucketSum(buckets, Number.NEGATIVE_INFINITY, at, op.increment, mode);
        return { kind: 'count', value };
      }
      case 'distinct':
        return {
          kind: 'count',
          value: distinctCount(this.sightings, key, op.member, op.windowMs, at, mode),
        };
      case 'seen_before':
        return seenBefore(this.seen, key, op.member, at, write && op.record);
      case 'last_event':
        return lastEvent(this.records, key, at, write ? op.record : null);
      case 'average':
        return runningAverage(this.averages, key, write ? op.sample : null);
    }
  }
}
