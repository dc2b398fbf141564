import type pg from 'pg';
import { riskDecision } from '@vigil/events';
import type {
  AnswerReader,
  EscalationQueue,
  PendingEscalation,
  RecordOutcome,
  VerificationAnswerStore,
} from '../app/ports.ts';
import type { VerificationAnswer } from '../domain/verification-answer.ts';
import { withTransaction } from '@vigil/postgres';

/**
 * verification_answers: one answer per notification. `record` inserts the answer and runs
 * `publish` (the Kafka writes) inside the same transaction, committing only after the publish
 * succeeded. A concurrent second POST blocks on the unique key until then and sees the answer;
 * a failed publish rolls back so the customer can simply try again. Answering twice therefore
 * emits once (the publish ids are stable too, for the commit-after-publish crash window).
 */
export class PgVerificationAnswers
  implements VerificationAnswerStore, EscalationQueue, AnswerReader
{
  constructor(private readonly pool: pg.Pool) {}

  async record(
    notificationId: string,
    answer: VerificationAnswer,
    publish: (answeredAt: string) => Promise<void>,
  ): Promise<RecordOutcome> {
    return withTransaction(this.pool, async (client) => {
      const inserted = await client.query<{ answered_at: Date }>(
        `INSERT INTO verification_answers (notification_id, answer) VALUES ($1, $2)
         ON CONFLICT (notification_id) DO NOTHING RETURNING answered_at`,
        [notificationId, answer],
      );
      const row = inserted.rows[0];
      if (row === undefined) {
        const existing = await client.query<{ answer: string }>(
          'SELECT answer FROM verification_answers WHERE notification_id = $1',
          [notificationId],
        );
        return existing.rows[0]?.answer === answer ? 'duplicate' : 'conflict';
      }
      // Published before the commit: a failed publish rolls the answer back, so the customer can retry.
      await publish(new Date(row.answered_at).toISOString());
      return 'recorded';
    });
  }

  async find(notificationId: string): Promise<VerificationAnswer | undefined> {
    const { rows } = await this.pool.query<{ answer: VerificationAnswer }>(
      'SELECT answer FROM verification_answers WHERE notification_id = $1',
      [notificationId],
    );
    return rows[0]?.answer;
  }

  async answersOf(
    notificationIds: readonly string[],
  ): Promise<Map<string, { answer: VerificationAnswer; answeredAt: Date }>> {
    const { rows } = await this.pool.query<{
      notification_id: string;
      answer: VerificationAnswer;
      answered_at: Date;
    }>(
      `SELECT notification_id, answer, answered_at FROM verification_answers
        WHERE notification_id = ANY($1::uuid[])`,
      [notificationIds],
    );
    return new Map(
      rows.map((row) => [
        row.notification_id,
        { answer: row.answer, answeredAt: new Date(row.answered_at) },
      ]),
    );
  }

  /**
   * Claims "no" answers whose case is not raised yet (SKIP LOCKED, and pushed `leaseMs` into the
   * future so another replica does not raise the same one meanwhile; RaiseCase is idempotent anyway).
   */
  async claimEscalations(limit: number, leaseMs: number): Promise<PendingEscalation[]> {
    const { rows } = await this.pool.query<{
      notification_id: string;
      answered_at: Date;
      case_attempts: number;
      decision: unknown;
    }>(
      `WITH due AS (
         SELECT a.notification_id FROM verification_answers a JOIN notifications n ON n.id = a.notification_id
          WHERE a.answer = 'no' AND a.case_id IS NULL AND a.case_next_at <= now() AND n.decision IS NOT NULL
          ORDER BY a.case_next_at LIMIT $1 FOR UPDATE OF a SKIP LOCKED)
       UPDATE verification_answers a
          SET case_attempts = a.case_attempts + 1, case_next_at = now() + $2 * interval '1 millisecond'
         FROM due, notifications n
        WHERE a.notification_id = due.notification_id AND n.id = a.notification_id
       RETURNING a.notification_id, a.answered_at, a.case_attempts, n.decision`,
      [limit, leaseMs],
    );
    return rows.map((row) => ({
      notificationId: row.notification_id,
      answeredAt: new Date(row.answered_at).toISOString(),
      attempts: row.case_attempts,
      decision: riskDecision.parse(row.decision),
    }));
  }

  async markCaseRaised(notificationId: string, caseId: string): Promise<void> {
    await this.pool.query(
      'UPDATE verification_answers SET case_id = $2, case_error = NULL WHERE notification_id = $1',
      [notificationId, caseId],
    );
  }

  async markCaseRetry(notificationId: string, delayMs: number, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE verification_answers SET case_next_at = now() + $2 * interval '1 millisecond', case_error = $3
        WHERE notification_id = $1`,
      [notificationId, delayMs, error.slice(0, 1000)],
    );
  }
}
