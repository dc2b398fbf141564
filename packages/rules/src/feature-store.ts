import type { FeatureBatchItem } from './feature-request.ts';
import type { FeatureValues } from './feature-values.ts';
import type { ListMutation } from './list-mutations.ts';

export interface FeatureBatchResult {
  /**
   * True when the event id was processed before: nothing changed, values are the first ones when
   * the replay asks for the same features (firstResultsTag), else read only as of its time.
   */
  replayed: boolean;
  /**
   * Replayed from another origin than its first processing: the same event delivered again
   * (an upstream resend), whose decision belongs to the first delivery. Its values are empty.
   */
  duplicate: boolean;
  values: FeatureValues;
}

/**
 * The port the risk engine scores through (implemented by the Redis adapter). Every event's
 * features are updated and read atomically per event, in batch order, each as of the event's own
 * time (see FeatureSpec). Calls made before earlier ones settle are applied in the order they were
 * made (a batch is sent as several calls back to back).
 */
export interface FeatureStore {
  computeBatch(batch: readonly FeatureBatchItem[]): Promise<FeatureBatchResult[]>;
  applyListMutations(mutations: readonly ListMutation[]): Promise<void>;
}
