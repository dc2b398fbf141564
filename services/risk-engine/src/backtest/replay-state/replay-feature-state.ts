import { FeatureStates, type FeatureValue, type KeyedStates } from '@vigil/rules';
import type { ReplayOp } from './replay-request.ts';

/**
 * `write` records the event (its first processing); `replay` reads without knowing whether it
 * was recorded (an event delivered again), as the reference store's modes.
 */
export type ReplayMode = 'write' | 'replay';

const NOT_LISTED: FeatureValue = { kind: 'listed', listed: false };

/**
 * A kind of state by slot: slots are numbered densely from 0, so an array indexed by slot (a
 * replay has hundreds of thousands of slots per kind: a map's hash lookup in a table that size
 * cost more than the state function it fetched for).
 */
class BySlot<V> implements KeyedStates<number, V> {
  private readonly values: (V | undefined)[] = [];

  get(slot: number): V | undefined {
    return this.values[slot];
  }

  set(slot: number, value: V): void {
    // Fill the gap up to the slot: the array stays packed, never a dictionary.
    const values = this.values;
    while (values.length < slot) values.push(undefined);
    values[slot] = value;
  }
}

/**
 * The feature state of a replay, keyed by slot (ReplayFeatureResolver) and member numbers
 * instead of id and value strings: small integers, which maps hash and compare without reading
 * text. The semantics are the in-memory reference store's, the same functions
 * (feature-state-ops.ts of @vigil/rules) on the same bucket detail, in write and replay modes.
 */
export class ReplayFeatureState {
  private readonly states = new FeatureStates<number, number>(() => new BySlot());

  apply(slot: number, op: ReplayOp, at: number, mode: ReplayMode): FeatureValue {
    // Nothing changes a list during a replay (the reference store is given no mutations).
    if (op.kind === 'list') return NOT_LISTED;
    return this.states.apply(slot, op, at, mode);
  }
}
