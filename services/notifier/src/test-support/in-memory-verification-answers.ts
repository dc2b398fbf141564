import type {
  Clock,
  EscalationQueue,
  NotificationReader,
  PendingEscalation,
  RecordOutcome,
  VerificationAnswerStore,
} from '../app/ports.ts';
import type { VerificationAnswer } from '../domain/verification-answer.ts';

interface StoredAnswer {
  answer: VerificationAnswer;
  answeredAt: string;
  caseId: string | undefined;
  caseAttempts: number;
  caseNextAt: number;
  caseError: string | undefined;
}

/**
 * The answer ports in memory, with PgVerificationAnswers' contract: the answer is stored only
 * when `publish` resolved (the transaction), one answer per notification, and "no" answers queue
 * their case until it is raised. For unit tests of the use cases.
 */
export class InMemoryVerificationAnswers implements VerificationAnswerStore, EscalationQueue {
  readonly answers = new Map<string, StoredAnswer>();

  constructor(
    private readonly clock: Clock,
    private readonly notifications: Pick<NotificationReader, 'get'>,
  ) {}

  async record(
    notificationId: string,
    answer: VerificationAnswer,
    publish: (answeredAt: string) => Promise<void>,
  ): Promise<RecordOutcome> {
    const existing = this.answers.get(notificationId);
    if (existing !== undefined) return existing.answer === answer ? 'duplicate' : 'conflict';
    const answeredAt = new Date(this.clock()).toISOString();
    await publish(answeredAt);
    this.answers.set(notificationId, {
      answer,
      answeredAt,
      caseId: undefined,
      caseAttempts: 0,
      caseNextAt: this.clock(),
      caseError: undefined,
    });
    return 'recorded';
  }

  find(notificationId: string): Promise<VerificationAnswer | undefined> {
    return Promise.resolve(this.answers.get(notificationId)?.answer);
  }

  async claimEscalations(limit: number, leaseMs: number): Promise<PendingEscalation[]> {
    const now = this.clock();
    const claimed: PendingEscalation[] = [];
    for (const [notificationId, stored] of this.answers) {
      if (claimed.length >= limit) break;
      if (stored.answer !== 'no' || stored.caseId !== undefined || stored.caseNextAt > now)
        continue;
      const decision = (await this.notifications.get(notificationId))?.decision;
      if (decision === null || decision === undefined) continue;
      stored.caseAttempts += 1;
      stored.caseNextAt = now + leaseMs;
      claimed.push({
        notificationId,
        answeredAt: stored.answeredAt,
        attempts: stored.caseAttempts,
        decision,
      });
    }
    return claimed;
  }

  markCaseRaised(notificationId: string, caseId: string): Promise<void> {
    const stored = this.answers.get(notificationId);
    if (stored !== undefined) Object.assign(stored, { caseId, caseError: undefined });
    return Promise.resolve();
  }

  markCaseRetry(notificationId: string, delayMs: number, error: string): Promise<void> {
    const stored = this.answers.get(notificationId);
    if (stored !== undefined)
      Object.assign(stored, { caseNextAt: this.clock() + delayMs, caseError: error });
    return Promise.resolve();
  }
}
