import { classifyError } from '@vigil/errors';
import { backoffDelayMs, type RetryPolicy } from '@vigil/lifecycle';
import type { Logger } from '@vigil/observability';
import { planCaseEscalation } from '../domain/case-escalation.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { CaseRaiser, EscalationQueue } from './ports.ts';

/**
 * Raises a case for every "not me" answer, retrying with backoff while case-service is down. The
 * customer's answer never waits on it: the lock command and fraud feedback are already on Kafka
 * when the answer is stored; the agents' case follows. `runOnce` returns how many it claimed.
 */
export function createCaseEscalation(deps: {
  answers: EscalationQueue;
  raiser: CaseRaiser;
  /** Its `maxAttempts` is ignored: see the catch below. */
  retry: RetryPolicy;
  batchSize: number;
  leaseMs: number;
  metrics: Pick<NotifierMetrics, 'caseEscalations'>;
  logger: Logger;
}): { runOnce(): Promise<number> } {
  return {
    async runOnce() {
      const due = await deps.answers.claimEscalations(deps.batchSize, deps.leaseMs);
      for (const item of due) {
        const log = deps.logger.child({
          notificationId: item.notificationId,
          decisionId: item.decision.decisionId,
        });
        try {
          const { caseId } = await deps.raiser.raise(
            planCaseEscalation(item.decision, item.answeredAt),
          );
          await deps.answers.markCaseRaised(item.notificationId, caseId);
          deps.metrics.caseEscalations.inc({ result: 'raised' });
          log.info({ caseId }, 'case raised for a disowned verification');
        } catch (error) {
          const failure = classifyError(error);
          // No give-up state: an unraised case for a confirmed takeover must stay visible (the
          // metric and case_error) until someone fixes case-service or the credentials.
          const delay = backoffDelayMs(deps.retry, item.attempts);
          await deps.answers.markCaseRetry(
            item.notificationId,
            delay,
            `${failure.code}: ${failure.message}`,
          );
          deps.metrics.caseEscalations.inc({ result: 'failed' });
          log.warn({ err: failure, retryInMs: delay }, 'raising the case failed; will retry');
        }
      }
      return due.length;
    },
  };
}
