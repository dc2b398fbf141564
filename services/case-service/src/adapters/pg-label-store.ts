import type pg from 'pg';
import { preparedStatement, withTransaction, type Tx } from '@vigil/postgres';
import type { LabelStore, LedgerSlice } from '../app/ports.ts';
import type { LedgerDecision } from '../domain/decision-ledger.ts';
import { paymentDayCounts } from '../domain/payment-volume.ts';
import { chargebackCountsByBin } from './pg-chargeback-rates.ts';
import { addEvidenceInTx, lockLabelAccounts, relabel } from './pg-label-writes.ts';
import { addPaymentDayCounts } from './pg-payment-volume.ts';
import { fraudDisputesByBin, ruleCounts } from './pg-rule-quality.ts';
import {
  QUALITY_DECISION_COLUMNS,
  RuleQualityDelta,
  type QualityDecision,
} from './pg-rule-quality-days.ts';
import type { Verdict } from '../domain/labels.ts';

// Locked in key order: two transactions over some of the same partitions (a rebalance's old and
// new owner for a moment) cannot deadlock.
const LEDGER_OFFSETS = preparedStatement(
  'ledger_offsets_of',
  `SELECT o.topic, o.partition, o.next_offset FROM ledger_offsets o
    JOIN unnest($1::text[], $2::integer[]) AS t(topic, partition) USING (topic, partition)
    ORDER BY o.topic, o.partition FOR UPDATE OF o`,
);
// Forward only: a fetch may redeliver one partition's slice beside another's new records.
const SET_LEDGER_OFFSETS = preparedStatement(
  'set_ledger_offsets',
  `INSERT INTO ledger_offsets AS o (topic, partition, next_offset)
    SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[])
    ON CONFLICT (topic, partition) DO UPDATE
      SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset)`,
);
const ADD_DAY_COUNTS = preparedStatement(
  'add_decision_day_counts',
  `INSERT INTO decision_day_counts (day, decisions)
    SELECT day, decisions FROM unnest($1::date[], $2::bigint[]) AS t(day, decisions)
    ON CONFLICT (day) DO UPDATE SET decisions = decision_day_counts.decisions + EXCLUDED.decisions`,
);
const INSERT_LEDGER = preparedStatement(
  'insert_ledger',
  `INSERT INTO decision_ledger AS l (decision_id, event_id, account_id, transaction_id, outcome, rules, shadow_rules,
      decided_at, event_type, score, reasons)
    SELECT d.decision_id, d.event_id, d.account_id, d.transaction_id, d.outcome,
      ARRAY(SELECT jsonb_array_elements_text(d.rules)), ARRAY(SELECT jsonb_array_elements_text(d.shadow_rules)),
      d.decided_at, d.event_type, d.score, d.reasons
    FROM jsonb_to_recordset($1::jsonb) AS d(decision_id text, event_id text, account_id text,
      transaction_id text, outcome text, rules jsonb, shadow_rules jsonb, decided_at timestamptz,
      event_type text, score double precision, reasons jsonb)
    ON CONFLICT (decision_id) DO NOTHING RETURNING ${QUALITY_DECISION_COLUMNS}, l.transaction_id`,
);
const KNOWN_LABELS = preparedStatement(
  'known_labels',
  `SELECT t.id AS decision_id, lb.verdict, EXISTS (
      SELECT 1 FROM label_evidence e
      WHERE e.decision_id = t.id AND e.source = 'customer_answer' AND e.verdict = 'legit') AS answered
    FROM unnest($1::text[]) AS t(id) LEFT JOIN labels lb ON lb.decision_id = t.id`,
);

/** PostgreSQL implementation of the LabelStore port (tables of migration 1796166462885). */
export function createPgLabelStore(pool: pg.Pool): LabelStore {
  return {
    recordDecisions: (slices) => withTransaction(pool, (tx) => recordDecisions(tx, slices)),
    addEvidence: (evidence) =>
      withTransaction(pool, async (tx) => (await addEvidenceInTx(tx, evidence)).length),
    recordDispute: (dispute, evidence) =>
      withTransaction(pool, async (tx) => {
        await lockLabelAccounts(tx, [dispute.accountId]);
        const { rowCount } = await tx.query(
          `INSERT INTO disputes (dispute_id, status, account_id, transaction_id, reason_family, amount_minor,
             currency, merchant_id, bin, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
          [
            dispute.disputeId,
            dispute.status,
            dispute.accountId,
            dispute.transactionId,
            dispute.reasonFamily,
            dispute.amount.minor,
            dispute.amount.currency,
            dispute.merchantId ?? null,
            dispute.bin ?? null,
            dispute.occurredAt,
          ],
        );
        if (evidence) await addEvidenceInTx(tx, [evidence]);
        return rowCount === 1;
      }),
    ruleCounts: (since, maxRules) => ruleCounts(pool, since, maxRules),
    fraudDisputesByBin: (since, topBins) => fraudDisputesByBin(pool, since, topBins),
    chargebackByBin: (since, topBins) => chargebackCountsByBin(pool, since, topBins),
    prune: async (before) => {
      // Bounded by time: each statement uses the table's time index.
      let deleted = 0;
      for (const sql of [
        'DELETE FROM decision_ledger WHERE decided_at < $1',
        "DELETE FROM decision_day_counts WHERE day < ($1::timestamptz AT TIME ZONE 'UTC')::date",
        "DELETE FROM rule_quality_days WHERE day < ($1::timestamptz AT TIME ZONE 'UTC')::date",
        "DELETE FROM payment_day_counts WHERE day < ($1::timestamptz AT TIME ZONE 'UTC')::date",
        'DELETE FROM label_evidence WHERE recorded_at < $1',
        'DELETE FROM labels WHERE updated_at < $1',
        'DELETE FROM disputes WHERE occurred_at < $1',
      ])
        deleted += (await pool.query(sql, [before])).rowCount ?? 0;
      return deleted;
    },
  };
}

/**
 * The slices of decisions of one fetch (a slice per partition), in one transaction: records at or
 * past their partition's stored offset are counted per UTC day (all, and payments per BIN and
 * merchant) and the flagged ones kept; each partition's offset moves past its slice. A
 * redelivered slice finds its offsets below the stored one and changes nothing.
 */
async function recordDecisions(tx: Tx, slices: readonly LedgerSlice[]): Promise<void> {
  const moved = slices.flatMap((slice) => {
    const last = slice.records.at(-1);
    return last ? [{ ...slice, next: (BigInt(last.offset) + 1n).toString() }] : [];
  });
  if (moved.length === 0) return;
  const { rows } = await tx.query<{ topic: string; partition: number; next_offset: string }>(
    LEDGER_OFFSETS.with([moved.map((s) => s.topic), moved.map((s) => s.partition)]),
  );
  const stored = new Map(rows.map((r) => [`${r.partition}:${r.topic}`, BigInt(r.next_offset)]));
  const fresh = moved.flatMap((slice) => {
    const from = stored.get(`${slice.partition}:${slice.topic}`) ?? -1n;
    return slice.records.filter((r) => BigInt(r.offset) >= from);
  });
  if (fresh.length === 0) return;

  const entries = fresh.flatMap((r) => (r.entry ? [r.entry] : []));
  if (entries.length > 0) await insertLedger(tx, entries);

  const perDay = new Map<string, number>();
  for (const r of fresh)
    perDay.set(r.decidedAt.slice(0, 10), (perDay.get(r.decidedAt.slice(0, 10)) ?? 0) + 1);
  const days = [...perDay.keys()].sort();
  await tx.query(ADD_DAY_COUNTS.with([days, days.map((d) => perDay.get(d))]));
  await addPaymentDayCounts(tx, paymentDayCounts(fresh));
  await tx.query(
    SET_LEDGER_OFFSETS.with([
      moved.map((s) => s.topic),
      moved.map((s) => s.partition),
      moved.map((s) => s.next),
    ]),
  );
}

/**
 * Keeps the entries, and counts them in their rules' daily quality with the label and answer
 * each already has (evidence may come first); a decision about a payment with a dispute already
 * recorded gets its label.
 */
async function insertLedger(tx: Tx, entries: readonly LedgerDecision[]): Promise<void> {
  // Every entry's account, not only payments': an answer about this very decision may be written
  // at the same time, and one of the two must see the other to count it.
  await lockLabelAccounts(
    tx,
    entries.map((e) => e.accountId),
  );
  const { rows } = await tx.query<QualityDecision & { transaction_id: string | null }>(
    INSERT_LEDGER.with([
      JSON.stringify(
        entries.map((e) => ({
          decision_id: e.decisionId,
          event_id: e.eventId,
          account_id: e.accountId,
          transaction_id: e.transactionId ?? null,
          outcome: e.outcome,
          rules: e.rules,
          shadow_rules: e.shadowRules,
          decided_at: e.decidedAt,
          event_type: e.eventType,
          score: e.score,
          reasons: e.reasons,
        })),
      ),
    ]),
  );
  if (rows.length === 0) return;
  const quality = new RuleQualityDelta();
  const { rows: known } = await tx.query<{
    decision_id: string;
    verdict: Verdict | null;
    answered: boolean;
  }>(KNOWN_LABELS.with([rows.map((r) => r.decision_id)]));
  const byDecision = new Map(known.map((k) => [k.decision_id, k]));
  for (const row of rows) {
    const k = byDecision.get(row.decision_id);
    quality.decided(row, k?.verdict ?? null, k?.answered ?? false);
  }
  await relabel(
    tx,
    rows.filter((r) => r.transaction_id !== null).map((r) => r.decision_id),
    quality,
  );
  await quality.flush(tx);
}
