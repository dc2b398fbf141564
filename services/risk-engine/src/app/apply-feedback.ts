import type { RiskFeedback } from '@vigil/events';
import { perKeyInOrder, type BatchHandler } from '@vigil/kafka';
import { feedbackToListMutations, type FeatureStore } from '@vigil/rules';
import type { RiskEngineMetrics } from '../metrics.ts';
import type { DecisionSubjectStore, LockLedger } from './ports.ts';

/**
 * Closes the loop: a customer's "it was me" or an agent's false-positive trusts the device for
 * the account (and forgets its last lock, so a later block locks again); confirmed fraud
 * deny-lists the decision's device, card fingerprint and IP.
 * List writes are idempotent (set/delete), so a redelivered record changes nothing twice.
 */
export function createFeedbackHandler(deps: {
  featureStore: FeatureStore;
  subjects: DecisionSubjectStore;
  locks: LockLedger;
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
      // Cleared by an agent or the customer: case-service unlocks, so the next block must lock again.
      if (feedback.verdict === 'legit') await deps.locks.release(feedback.accountId);
      deps.metrics.feedbackApplied.inc({ source: feedback.source, verdict: feedback.verdict });
    },
    { concurrency: 16 },
  );
}
