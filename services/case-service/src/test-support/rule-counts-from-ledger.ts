import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { MIGRATIONS_DIR } from '../adapters/pg-migrations.ts';

/** A rule's counts in the shape both the reference and rule_quality_days give them. */
export interface RuleCountsRow {
  rule: string;
  mode: string;
  hits: number;
  fraud: number;
  legit: number;
  challenges: number;
  it_was_me: number;
}

/**
 * Per-rule quality aggregated from the whole ledger, labels and answers since `since` (a UTC
 * midnight): what the quality loop ran on every refresh before rule_quality_days, kept as the
 * reference the daily sums are held to (and the "before" of bench/rule-quality.ts).
 */
export const RULE_COUNTS_FROM_LEDGER_SQL = `WITH hits AS (
    SELECT l.decision_id, l.outcome, r.rule, 'enforce' AS mode
    FROM decision_ledger l, unnest(l.rules) AS r(rule) WHERE l.decided_at >= $1
    UNION ALL
    SELECT l.decision_id, l.outcome, r.rule, 'shadow' AS mode
    FROM decision_ledger l, unnest(l.shadow_rules) AS r(rule) WHERE l.decided_at >= $1
  )
  SELECT h.rule, h.mode, count(*)::int AS hits,
    count(*) FILTER (WHERE lb.verdict = 'fraud')::int AS fraud,
    count(*) FILTER (WHERE lb.verdict = 'legit')::int AS legit,
    count(*) FILTER (WHERE h.outcome = 'challenge')::int AS challenges,
    count(*) FILTER (WHERE h.outcome = 'challenge' AND EXISTS (
      SELECT 1 FROM label_evidence e
      WHERE e.decision_id = h.decision_id AND e.source = 'customer_answer' AND e.verdict = 'legit'
    ))::int AS it_was_me
  FROM hits h LEFT JOIN labels lb ON lb.decision_id = h.decision_id
  GROUP BY h.rule, h.mode ORDER BY count(*) DESC, h.rule, h.mode LIMIT $2`;

export async function ruleCountsFromLedger(
  pool: pg.Pool,
  since: Date,
  maxRules: number,
): Promise<RuleCountsRow[]> {
  return (await pool.query<RuleCountsRow>(RULE_COUNTS_FROM_LEDGER_SQL, [since, maxRules])).rows;
}

/**
 * The statement by which migration 1797500000000 fills rule_quality_days from a ledger already
 * there: run again by the test (against what the writes built) and the bench (to seed a month).
 */
export function ruleQualityBackfillSql(): string {
  const migration = readFileSync(
    join(MIGRATIONS_DIR, '1797500000000_rule-quality-days.sql'),
    'utf8',
  );
  const backfill = /INSERT INTO rule_quality_days[\s\S]*?;/.exec(migration)?.[0];
  if (!backfill) throw new Error('migration 1797500000000 has no backfill statement');
  return backfill;
}
