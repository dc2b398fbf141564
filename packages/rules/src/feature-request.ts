import type { LastEventRecord } from './feature-spec.ts';

/**
 * A feature resolved for one event: the store applies `op` to the state under `id` and returns
 * a value. `id` is deterministic (same spec + same event attributes → same id), doubles as the
 * logical storage key (the store only prefixes it) and carries a `{hash tag}`.
 */
export interface FeatureRequest {
  id: string;
  op: FeatureOp;
  /**
   * State this feature may share with the entity's other features of its kind (counters of one
   * account, card, IP…): `key` is the shared state's logical key (same `{hash tag}` as `id`),
   * `field` names this feature inside it. A store may keep such features together; absent, the
   * feature's state stands alone under `id`.
   */
  group?: { key: string; field: string };
}

export type FeatureOp =
  /** Add `increment` (0 = read only) to the bucket of `at`, return the sum of the window's buckets. */
  | { kind: 'counter'; windowMs: number; bucketMs: number; increment: number }
  /** Add `increment` to a per-local-day total (the day is part of the id), return the total. */
  | { kind: 'daily'; ttlMs: number; increment: number }
  /** Record `member` (null = read only) at `at`, return how many distinct members the window holds. */
  | { kind: 'distinct'; windowMs: number; member: string | null; maxMembers: number }
  /**
   * Return when `member` was last recorded and whether any member was, then record it at `at`
   * if `record`; the state lives `retentionMs` after its last recording.
   */
  | {
      kind: 'seen_before';
      member: string;
      record: boolean;
      retentionMs: number;
      maxMembers: number;
    }
  /** Return the previously recorded event, then record this one if `record` is set (and newer). */
  | { kind: 'last_event'; record: LastEventRecord | null; retentionMs: number }
  /** Return the running average before this event, then add `sample` (minor units) if set. */
  | { kind: 'average'; sample: number | null; retentionMs: number; maxSamples: number }
  /** Return whether the list entry exists. */
  | { kind: 'list' };

/** One event's worth of work for the feature store. */
export interface FeatureBatchItem {
  /** Idempotency key: a replayed event id returns its first results and changes nothing. */
  eventId: string;
  accountId: string;
  /** Event time, epoch ms. */
  at: number;
  requests: readonly FeatureRequest[];
  /**
   * Where this delivery of the event was read from (e.g. topic/partition/offset). A replay from
   * the same origin is a retry of this delivery; from another, a duplicate delivery.
   */
  origin?: string;
  /**
   * How `requests` were derived (the rule set's fingerprint). A replay with the same plan gets
   * its first results back; with another (rules changed in between), current values, read only.
   */
  plan?: string;
}
