import type pg from 'pg';
import { z } from 'zod';
import { DECISION_OUTCOMES } from '@vigil/events';
import type { AccountActivityReader } from '../app/ports.ts';
import type {
  AccountDecisionRecord,
  AccountDisputeRecord,
  CustomerAnswerRecord,
} from '../domain/account-activity.ts';
import { VERDICTS } from '../domain/labels.ts';

// Rows are validated as they are read: the label tables are also written by migrations and
// pruned by the quality loop, and old ledger rows have no event type, score or reasons.

const ledgerRow = z
  .object({
    decision_id: z.string(),
    event_id: z.string(),
    event_type: z.string().nullable(),
    score: z.number().nullable(),
    outcome: z.enum(DECISION_OUTCOMES),
    rules: z.array(z.string()),
    shadow_rules: z.array(z.string()),
    reasons: z.array(z.object({ rule: z.string(), message: z.string() })).nullable(),
    transaction_id: z.string().nullable(),
    decided_at: z.date(),
  })
  .transform((row): AccountDecisionRecord => ({
    decisionId: row.decision_id,
    eventId: row.event_id,
    eventType: row.event_type ?? undefined,
    score: row.score ?? undefined,
    outcome: row.outcome,
    rules: row.rules,
    shadowRules: row.shadow_rules,
    reasons: row.reasons ?? [],
    transactionId: row.transaction_id ?? undefined,
    decidedAt: row.decided_at,
  }));

const answerRow = z
  .object({ decision_id: z.string(), verdict: z.enum(VERDICTS), occurred_at: z.date() })
  .transform((row): CustomerAnswerRecord => ({
    decisionId: row.decision_id,
    verdict: row.verdict,
    answeredAt: row.occurred_at,
  }));

const disputeRow = z
  .object({
    dispute_id: z.string(),
    status: z.string(),
    transaction_id: z.string(),
    reason_family: z.string(),
    amount_minor: z.union([z.string(), z.number()]).transform(String),
    currency: z.string(),
    occurred_at: z.date(),
  })
  .transform((row): AccountDisputeRecord => ({
    disputeId: row.dispute_id,
    status: row.status,
    transactionId: row.transaction_id,
    reasonFamily: row.reason_family,
    amountMinor: row.amount_minor,
    currency: row.currency,
    occurredAt: row.occurred_at,
  }));

/** PostgreSQL implementation of AccountActivityReader over the label tables (three indexed reads). */
export function createPgAccountActivity(pool: pg.Pool): AccountActivityReader {
  return {
    async accountActivity(accountId, limit) {
      const [decisions, answers, disputes] = await Promise.all([
        pool.query(
          `SELECT decision_id, event_id, event_type, score, outcome, rules, shadow_rules, reasons,
                  transaction_id, decided_at
             FROM decision_ledger WHERE account_id = $1
            ORDER BY decided_at DESC, decision_id LIMIT $2`,
          [accountId, limit],
        ),
        pool.query(
          `SELECT decision_id, verdict, occurred_at FROM label_evidence
            WHERE account_id = $1 AND source = 'customer_answer' AND decision_id IS NOT NULL
            ORDER BY occurred_at DESC, evidence_id LIMIT $2`,
          [accountId, limit],
        ),
        pool.query(
          `SELECT dispute_id, status, transaction_id, reason_family, amount_minor, currency, occurred_at
             FROM disputes WHERE account_id = $1
            ORDER BY occurred_at DESC, dispute_id, status LIMIT $2`,
          [accountId, limit],
        ),
      ]);
      return {
        decisions: decisions.rows.map((row) => ledgerRow.parse(row)),
        answers: answers.rows.map((row) => answerRow.parse(row)),
        disputes: disputes.rows.map((row) => disputeRow.parse(row)),
      };
    },
  };
}
