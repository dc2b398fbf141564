import type pg from 'pg';
import type { RuleCounts, RuleMode } from '../domain/rule-quality.ts';

interface CountsRow {
  rule: string;
  mode: RuleMode;
  hits: string;
  fraud: string;
  legit: string;
  challenges: string;
  it_was_me: string;
}

/**
 * Per rule and mode over the decisions since `since` (a UTC midnight: windowStart): hits, how
 * many of them are labelled fraud / legit, challenged, and challenged then answered "it was me"
 * (the customer's own answer, whatever a later label says: the friction happened). Summed from
 * rule_quality_days, which the label writes keep in step with the ledger
 * (pg-rule-quality-days.ts): days × rules rows, however many decisions the window holds.
 */
export async function ruleCounts(
  pool: pg.Pool,
  since: Date,
  maxRules: number,
): Promise<{ rules: RuleCounts[]; decisions: number }> {
  const { rows } = await pool.query<CountsRow>(
    `SELECT rule, mode, sum(hits) AS hits, sum(fraud) AS fraud, sum(legit) AS legit,
       sum(challenges) AS challenges, sum(it_was_me) AS it_was_me
     FROM rule_quality_days WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
     GROUP BY rule, mode ORDER BY sum(hits) DESC, rule, mode LIMIT $2`,
    [since, maxRules],
  );
  const { rows: total } = await pool.query<{ decisions: string | null }>(
    `SELECT sum(decisions) AS decisions FROM decision_day_counts
     WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date`,
    [since],
  );
  return {
    rules: rows.map((r) => ({
      rule: r.rule,
      mode: r.mode,
      hits: Number(r.hits),
      labelledFraud: Number(r.fraud),
      labelledLegit: Number(r.legit),
      challenges: Number(r.challenges),
      answeredItWasMe: Number(r.it_was_me),
    })),
    decisions: Number(total[0]?.decisions ?? 0),
  };
}

/**
 * Fraud disputes with a status record since `since` (each dispute once), per BIN: the `topBins`
 * largest by name, the rest summed as `other`, those without a BIN as `unknown`. Bounded label
 * values for a gauge; merchant ids are not labels (unbounded), the CLI report lists them.
 */
export async function fraudDisputesByBin(
  pool: pg.Pool,
  since: Date,
  topBins: number,
): Promise<{ bin: string; disputes: number }[]> {
  const { rows } = await pool.query<{ bin: string; disputes: string }>(
    `WITH firsts AS (
       SELECT DISTINCT ON (dispute_id) dispute_id, COALESCE(bin, 'unknown') AS bin
       FROM disputes WHERE reason_family = 'fraud' AND occurred_at >= $1
       ORDER BY dispute_id, occurred_at
     ), per_bin AS (
       SELECT bin, count(*) AS disputes, row_number() OVER (ORDER BY count(*) DESC, bin) AS rank
       FROM firsts GROUP BY bin
     )
     SELECT CASE WHEN rank <= $2 OR bin = 'unknown' THEN bin ELSE 'other' END AS bin, sum(disputes) AS disputes
     FROM per_bin GROUP BY 1 ORDER BY 2 DESC, 1`,
    [since, topBins],
  );
  return rows.map((r) => ({ bin: r.bin, disputes: Number(r.disputes) }));
}

/** Merchants with the most fraud disputes (a status record since `since`), for the CLI report. */
export async function fraudDisputesByMerchant(
  pool: pg.Pool,
  since: Date,
  limit: number,
): Promise<{ merchantId: string; disputes: number; lost: number }[]> {
  const { rows } = await pool.query<{ merchant_id: string; disputes: string; lost: string }>(
    `SELECT COALESCE(merchant_id, 'unknown') AS merchant_id, count(DISTINCT dispute_id) AS disputes,
       count(DISTINCT dispute_id) FILTER (WHERE status = 'lost') AS lost
     FROM disputes WHERE reason_family = 'fraud' AND occurred_at >= $1
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $2`,
    [since, limit],
  );
  return rows.map((r) => ({
    merchantId: r.merchant_id,
    disputes: Number(r.disputes),
    lost: Number(r.lost),
  }));
}
