import type { StateOp } from '@vigil/rules';

/**
 * What the replay's state does with one feature of one event: the engine's `FeatureOp` with the
 * state named by a slot number and members by interned value numbers, instead of strings.
 * Only what the in-memory reference store reads is kept (caps and TTLs it ignores are left out).
 */
export type ReplayOp =
  | StateOp<number>
  /** Lists are never changed during a replay: an entry is never listed. */
  | { kind: 'list' };

/** One feature resolved for one event: the slot its state lives in and what to do with it. */
export interface ReplayRequest {
  /** The state's number: equal slots ⇔ equal feature ids in production (`resolveFeature`). */
  slot: number;
  op: ReplayOp;
  /** The feature's sharing key (`specKeyOf` of its id): its spec hash, `list:<list>:<entity>` for lists. */
  key: string;
}
