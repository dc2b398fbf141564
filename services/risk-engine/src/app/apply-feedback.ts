import type { RiskFeedback } from '@vigil/events';
import { perKeyInOrder, type BatchHandler } from '@vigil/kafka';
import { feedbackToListMutations, type FeatureStore } from '@vigil/rules';
import type { RiskEngineMetrics } from '../metrics.ts';
import type { DecisionSubjectStore } from './ports.ts';

/**
 * Closes the loop: a customer's "it was me" or an agent's false-positive trusts the device for
 * the account; confirmed fraud deny-lists the decision's device, card fingerprint and IP.
 * List writes are idempotent (set/delete), so a redelivered record changes nothing twice.
 */
export function createFeedbackHandler(deps: {
  featureStore: FeatureStore;
  subjects: DecisionSubjectStore;
  metrics: RiskEngineMetrics;
}): BatchHandler<RiskFeedback> {
  return perKeyInOrder<RiskFeedback>(
    async (record) => {
      const feedback = record.value;
      const subject = feedback.decisionId
        ? await deps.subjects.lookup(feedback.accountId, feedback.decisionId)
        : undefined;
      const mutations = feedbackToListMutations(feedback, subject ?? {});
      await deps.featureStore.applyListMutations(mutations);
      deps.metrics.feedbackApplied.inc({ source: feedback.source, verdict: feedback.verdict });
    },
    { concurrency: 16 },
  );
}
