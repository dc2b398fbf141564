import {
  bucketSum,
  bucketsIn,
  DAILY_SLOT_MS,
  distinctCount,
  lastEvent,
  runningAverage,
  seenBefore,
  type DetailedBuckets,
  type FeatureValue,
  type LastEventRecord,
  type SeenState,
} from '@vigil/rules';
import type { ReplayOp } from './replay-request.ts';

/**
 * `write` records the event (its first processing); `replay` reads without knowing whether it
 * was recorded (an event delivered again), as the reference store's modes.
 */
export type ReplayMode = 'write' | 'replay';

const NOT_LISTED: FeatureValue = { kind: 'listed', listed: false };

/**
 * The feature state of a replay, keyed by slot (ReplayFeatureResolver) and member numbers
 * instead of id and value strings: small integers, which maps hash and compare without reading
 * text. The semantics are the in-memory reference store's, the same functions
 * (feature-state-ops.ts of @vigil/rules) on the same bucket detail, in write and replay modes.
 */
export class ReplayFeatureState {
  private readonly buckets = new Map<number, DetailedBuckets>();
  private readonly sightings = new Map<number, Map<number, number>>();
  private readonly seen = new Map<number, SeenState<number>>();
  private readonly records = new Map<number, LastEventRecord[]>();
  private readonly averages = new Map<number, { count: number; sum: number }>();

  apply(slot: number, op: ReplayOp, at: number, mode: ReplayMode): FeatureValue {
    const write = mode === 'write';
    switch (op.kind) {
      case 'counter': {
        const buckets = bucketsIn(this.buckets, slot, op.bucketMs);
        return {
          kind: 'count',
          value: bucketSum(buckets, at - op.windowMs, at, op.increment, mode),
        };
      }
      case 'daily': {
        const buckets = bucketsIn(this.buckets, slot, DAILY_SLOT_MS);
        const value = bucketSum(buckets, Number.NEGATIVE_INFINITY, at, op.increment, mode);
        return { kind: 'count', value };
      }
      case 'distinct': {
        const member = op.member === -1 ? null : op.member;
        return {
          kind: 'count',
          value: distinctCount(this.sightings, slot, member, op.windowMs, at, mode),
        };
      }
      case 'seen_before':
        return seenBefore(this.seen, slot, op.member, at, write && op.record);
      case 'last_event':
        return lastEvent(this.records, slot, at, write ? op.record : null);
      case 'average':
        return runningAverage(this.averages, slot, write ? op.sample : null);
      case 'list':
        // Nothing changes a list during a replay (the reference store is given no mutations).
        return NOT_LISTED;
    }
  }
}
