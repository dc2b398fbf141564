import { backoffDelayMs, PollingLoop, type RetryPolicy } from '@vigil/lifecycle';
import type { Logger } from 'pino';
import { planCaseEscalation, type CaseEscalation } from '../domain/case-escalation.ts';
import { classifyError } from '@vigil/errors';
import type { NotifierMetrics } from '../metrics.ts';
import type { PgVerificationAnswers } from '../adapters/pg-verification-answers.ts';

/** Port: raises (or attaches to) the account's case; idempotent on the escalation's decisionId. */
export interface CaseRaiser {
  raise(escalation: CaseEscalation): Promise<{ caseId: string }>;
  close?(): void;
}

/**
 * Raises a case for every "not me" answer through case-service's RaiseCase, retrying with backoff
 * while case-service is down. The customer's answer never waits on it: the lock command and fraud
 * feedback are already on Kafka when the answer is stored; the agents' case follows.
 */
export class CaseEscalator {
  private readonly loop: PollingLoop;

  constructor(
    private readonly deps: {
      answers: Pick<PgVerificationAnswers, 'claimEscalations' | 'markCaseRaised' | 'markCaseRetry'>;
      raiser: CaseRaiser;
      /** Its `maxAttempts` is ignored: see the catch below. */
      retry: RetryPolicy;
      batchSize: number;
      leaseMs: number;
      pollIntervalMs: number;
      metrics: NotifierMetrics;
      logger: Logger;
    },
  ) {
    this.loop = new PollingLoop({
      name: 'case-escalator',
      tick: async () => (await this.runOnce()) === deps.batchSize,
      intervalMs: deps.pollIntervalMs,
      logger: deps.logger,
      onError: () => deps.metrics.loopErrors.inc({ loop: 'case-escalator' }),
    });
  }

  async runOnce(): Promise<number> {
    const due = await this.deps.answers.claimEscalations(this.deps.batchSize, this.deps.leaseMs);
    for (const item of due) {
      const log = this.deps.logger.child({
        notificationId: item.notificationId,
        decisionId: item.decision.decisionId,
      });
      try {
        const { caseId } = await this.deps.raiser.raise(
          planCaseEscalation(item.decision, item.answeredAt),
        );
        await this.deps.answers.markCaseRaised(item.notificationId, caseId);
        this.deps.metrics.caseEscalations.inc({ result: 'raised' });
        log.info({ caseId }, 'case raised for a disowned verification');
      } catch (error) {
        const failure = classifyError(error);
        // No give-up state: an unraised case for a confirmed takeover must stay visible (the
        // metric and case_error) until someone fixes case-service or the credentials.
        const delay = backoffDelayMs(this.deps.retry, item.attempts);
        await this.deps.answers.markCaseRetry(
          item.notificationId,
          delay,
          `${failure.code}: ${failure.message}`,
        );
        this.deps.metrics.caseEscalations.inc({ result: 'failed' });
        log.warn({ err: failure, retryInMs: delay }, 'raising the case failed; will retry');
      }
    }
    return due.length;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  isHealthy(): boolean {
    return this.loop.isHealthy();
  }
}
