import { FeatureStates, type FeatureValue } from '@vigil/rules';
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
  private readonly states = new FeatureStates<number, number>();

  apply(slot: number, op: ReplayOp, at: number, mode: ReplayMode): FeatureValue {
    // Nothing changes a list during a replay (the reference store is given no mutations).
    if (op.kind === 'list') return NOT_LISTED;
    return this.states.apply(slot, op, at, mode);
  }
}
