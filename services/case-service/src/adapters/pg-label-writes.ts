import { preparedStatement, type Tx } from '@vigil/postgres';
import {
  effectiveLabel,
  type LabelEvidence,
  type LabelSource,
  type Verdict,
} from '../domain/labels.ts';
import {
  QUALITY_DECISION_COLUMNS,
  RuleQualityDelta,
  type QualityDecision,
} from './pg-rule-quality-days.ts';

// Label writes inside one PostgreSQL transaction, shared by the label store (consumers) and the
// case transaction (a resolution labels in the transaction that resolves).

const EVIDENCE_COLUMNS = `e.evidence_id, e.account_id, e.decision_id, e.transaction_id, e.source, e.verdict, e.detail,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at`;

const LOCK_LABEL_ACCOUNTS = preparedStatement(
  'lock_label_accounts',
  `SELECT pg_advisory_xact_lock(hashtextextended('vigil.labels:' || a, 0))
    FROM unnest($1::text[]) WITH ORDINALITY AS t(a, n) ORDER BY n`,
);
const INSERT_EVIDENCE = preparedStatement(
  'insert_evidence',
  `INSERT INTO label_evidence (evidence_id, account_id, decision_id, transaction_id, source, verdict, detail, occurred_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
    ON CONFLICT (evidence_id) DO NOTHING RETURNING evidence_id`,
);
const LEDGER_PAYMENTS = preparedStatement(
  'ledger_payments',
  `SELECT l.decision_id FROM decision_ledger l
    JOIN unnest($1::text[], $2::text[]) AS p(account_id, transaction_id)
      ON l.account_id = p.account_id AND l.transaction_id = p.transaction_id`,
);
const FIRST_ANSWERS = preparedStatement(
  'first_answers',
  `SELECT ${QUALITY_DECISION_COLUMNS} FROM decision_ledger l
    WHERE l.decision_id = ANY($1::text[]) AND l.outcome = 'challenge' AND NOT EXISTS (
      SELECT 1 FROM label_evidence e
      WHERE e.decision_id = l.decision_id AND e.source = 'customer_answer' AND e.verdict = 'legit'
        AND e.evidence_id <> ALL($2::text[]))`,
);
const EVIDENCE_OF = preparedStatement(
  'evidence_of',
  `SELECT t.id AS target, ${EVIDENCE_COLUMNS}
    FROM unnest($1::text[]) AS t(id) JOIN label_evidence e ON e.decision_id = t.id
    UNION ALL
    SELECT t.id AS target, ${EVIDENCE_COLUMNS}
    FROM unnest($1::text[]) AS t(id)
    JOIN decision_ledger l ON l.decision_id = t.id
    JOIN label_evidence e ON e.account_id = l.account_id AND e.transaction_id = l.transaction_id`,
);
const LEDGERED_LABELS = preparedStatement(
  'ledgered_labels',
  `SELECT ${QUALITY_DECISION_COLUMNS}, lb.verdict FROM decision_ledger l
    LEFT JOIN labels lb ON lb.decision_id = l.decision_id
    WHERE l.decision_id = ANY($1::text[])`,
);
const UPSERT_LABELS = preparedStatement(
  'upsert_labels',
  `INSERT INTO labels (decision_id, account_id, verdict, source, evidence_id, labelled_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
    ON CONFLICT (decision_id) DO UPDATE SET verdict = EXCLUDED.verdict, source = EXCLUDED.source,
      evidence_id = EXCLUDED.evidence_id, labelled_at = EXCLUDED.labelled_at, updated_at = clock_timestamp()
    WHERE labels.evidence_id IS DISTINCT FROM EXCLUDED.evidence_id`,
);

/**
 * Serialises label writes per account until commit: evidence and the decision it is about may
 * be written at the same time by different consumers, and each must see the other's rows.
 * Sorted, so two transactions locking several accounts never wait on each other in a cycle.
 */
export async function lockLabelAccounts(tx: Tx, accountIds: Iterable<string>): Promise<void> {
  const sorted = [...new Set(accountIds)].sort();
  if (sorted.length === 0) return;
  await tx.query(LOCK_LABEL_ACCOUNTS.with([sorted]));
}

/**
 * Stores evidence not seen before (by evidenceId) and relabels what it is about, keeping the
 * rules' daily quality in step; returns it.
 */
export async function addEvidenceInTx(
  tx: Tx,
  evidence: readonly LabelEvidence[],
): Promise<LabelEvidence[]> {
  if (evidence.length === 0) return [];
  await lockLabelAccounts(
    tx,
    evidence.map((e) => e.accountId),
  );
  const column = <T>(pick: (e: LabelEvidence) => T) => evidence.map(pick);
  const { rows } = await tx.query<{ evidence_id: string }>(
    INSERT_EVIDENCE.with([
      column((e) => e.evidenceId),
      column((e) => e.accountId),
      column((e) => ('decisionId' in e.target ? e.target.decisionId : null)),
      column((e) => ('transactionId' in e.target ? e.target.transactionId : null)),
      column((e) => e.source),
      column((e) => e.verdict),
      column((e) => e.detail ?? null),
      column((e) => e.occurredAt),
    ]),
  );
  const added = new Set(rows.map((r) => r.evidence_id));
  const fresh = evidence.filter((e) => added.has(e.evidenceId));
  if (fresh.length === 0) return [];
  const decisions = fresh.flatMap((e) => ('decisionId' in e.target ? [e.target.decisionId] : []));
  const payments = fresh.flatMap((e) =>
    'transactionId' in e.target ? [[e.accountId, e.target.transactionId] as const] : [],
  );
  if (payments.length > 0) {
    const { rows: paid } = await tx.query<{ decision_id: string }>(
      LEDGER_PAYMENTS.with([payments.map((p) => p[0]), payments.map((p) => p[1])]),
    );
    decisions.push(...paid.map((r) => r.decision_id));
  }
  const quality = new RuleQualityDelta();
  await firstAnswers(tx, fresh, quality);
  await relabel(tx, decisions, quality);
  await quality.flush(tx);
  return fresh;
}

/**
 * Ledger decisions that get their first "it was me" (a customer's own legit answer about the
 * decision) from `fresh`: the rules' friction counts each decision once, however many answers.
 */
async function firstAnswers(
  tx: Tx,
  fresh: readonly LabelEvidence[],
  quality: RuleQualityDelta,
): Promise<void> {
  const answers = fresh.filter(
    (e) => e.source === 'customer_answer' && e.verdict === 'legit' && 'decisionId' in e.target,
  );
  if (answers.length === 0) return;
  const { rows } = await tx.query<QualityDecision>(
    FIRST_ANSWERS.with([
      [...new Set(answers.map((e) => ('decisionId' in e.target ? e.target.decisionId : '')))],
      answers.map((e) => e.evidenceId),
    ]),
  );
  for (const row of rows) quality.answered(row);
}

interface EvidenceRow {
  target: string;
  evidence_id: string;
  account_id: string;
  decision_id: string | null;
  transaction_id: string | null;
  source: LabelSource;
  verdict: Verdict;
  detail: string | null;
  occurred_at: string;
}

/**
 * Recomputes the labels of these decisions from all their evidence (their own, and their
 * payment's through the ledger), adding to `quality` what each changed verdict of a ledger
 * decision moves. Callers hold the accounts' label locks and flush `quality`.
 */
export async function relabel(
  tx: Tx,
  decisionIds: readonly string[],
  quality: RuleQualityDelta,
): Promise<void> {
  const targets = [...new Set(decisionIds)];
  if (targets.length === 0) return;
  const { rows } = await tx.query<EvidenceRow>(EVIDENCE_OF.with([targets]));
  const byTarget = new Map<string, LabelEvidence[]>();
  for (const row of rows) {
    const list = byTarget.get(row.target) ?? [];
    list.push({
      evidenceId: row.evidence_id,
      accountId: row.account_id,
      target: row.decision_id
        ? { decisionId: row.decision_id }
        : { transactionId: row.transaction_id ?? '' },
      source: row.source,
      verdict: row.verdict,
      detail: row.detail ?? undefined,
      occurredAt: row.occurred_at,
    });
    byTarget.set(row.target, list);
  }
  const labels = [...byTarget].flatMap(([decisionId, evidence]) => {
    const label = effectiveLabel(evidence);
    return label ? [{ decisionId, accountId: evidence[0]!.accountId, ...label }] : [];
  });
  if (labels.length === 0) return;
  const { rows: ledgered } = await tx.query<QualityDecision & { verdict: Verdict | null }>(
    LEDGERED_LABELS.with([labels.map((l) => l.decisionId)]),
  );
  const before = new Map(ledgered.map((row) => [row.decision_id, row]));
  for (const label of labels) {
    const decision = before.get(label.decisionId);
    if (decision) quality.relabelled(decision, decision.verdict, label.verdict);
  }
  // Sorted: row locks of concurrent upserts are taken in one order.
  labels.sort((a, b) => (a.decisionId < b.decisionId ? -1 : 1));
  await tx.query(
    UPSERT_LABELS.with([
      labels.map((l) => l.decisionId),
      labels.map((l) => l.accountId),
      labels.map((l) => l.verdict),
      labels.map((l) => l.source),
      labels.map((l) => l.evidenceId),
      labels.map((l) => l.labelledAt),
    ]),
  );
}
