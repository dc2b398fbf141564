import type { FeatureBatchItem } from './feature-request.ts';
import type { FeatureValues } from './feature-values.ts';
import type { ListMutation } from './list-mutations.ts';

export interface FeatureBatchResult {
  /** True when the event id was processed before: values are the ones first computed, nothing changed. */
  replayed: boolean;
  values: FeatureValues;
}

/**
 * The port the risk engine scores through (implemented by the Redis adapter). One call per
 * batch: every event's features are updated and read atomically per event, in batch order.
 */
export interface FeatureStore {
  computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]>;
  applyListMutations(mutations: readonly ListMutation[]): Promise<void>;
}
