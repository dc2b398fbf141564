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

/**
 * What the store does with one feature of one event at time `at`. Values are as of `at` (see
 * FeatureSpec): recorded state later than `at` is left out.
 */
export type FeatureOp =
  /**
   * Add `increment` (0 = nothing to record) to the bucket of `at`, with its offset in the bucket;
   * return the sum of increments recorded in (at − windowMs, at].
   */
  | { kind: 'counter'; windowMs: number; bucketMs: number; increment: number }
  /**
   * Add `increment` to the event's local day (the day is part of the id) in the hour of `at`;
   * return the day's total of events recorded at or before `at`.
   */
  | { kind: 'daily'; ttlMs: number; increment: number }
  /**
   * Record `member` (null = read only) as seen at `at` (each member keeps its latest sighting);
   * return how many members were last seen in (at − windowMs, at], the event's own member included.
   */
  | { kind: 'distinct'; windowMs: number; member: string | null; maxMembers: number }
  /**
   * Return when `member` was last recorded strictly before `at` and whether any member was, then
   * record it at `at` if `record` (each member keeps its first and last recording); the state
   * lives `retentionMs` (plus the lateness horizon) after its last recording.
   */
  | {
      kind: 'seen_before';
      member: string;
      record: boolean;
      retentionMs: number;
      maxMembers: number;
    }
  /** Return the newest recorded event strictly before `at`, then record this one if `record` is set. */
  | { kind: 'last_event'; record: LastEventRecord | null; retentionMs: number }
  /** Return the running average before this event (as of now), then add `sample` (minor units) if set. */
  | { kind: 'average'; sample: number | null; retentionMs: number; maxSamples: number }
  /** Return whether the list entry exists. */
  | { kind: 'list' };

/** One event's worth of work for the feature store. */
export interface FeatureBatchItem {
  /** Idempotency key: a replayed event id returns its first results and changes nothing. */
  eventId: string;
  accountId: string;
  /** Event time, epoch ms: every value is computed as of this instant. */
  at: number;
  requests: readonly FeatureRequest[];
  /**
   * Where this delivery of the event was read from (e.g. topic/partition/offset). A replay from
   * the same origin is a retry of this delivery; from another, a duplicate delivery.
   */
  origin?: string;
  /**
   * How `requests` were derived (the rule set's fingerprint). A replay with the same plan and the
   * same requests (firstResultsTag) gets its first results back; otherwise (rules changed in
   * between, or another event under a reused id) current values, read only.
   */
  plan?: string;
  /**
   * Re-evaluate an event already recorded at `at` (e.g. after a late event arrived before it):
   * nothing is written, no dedupe marker is checked or written, and values are as of `at` with
   * the event itself among the recorded ones (counters include it; seen_before and last_event
   * look strictly before `at`, as they do when recording).
   */
  readOnly?: true;
}
