import type pg from 'pg';
import type { ChargebackCounts } from '../domain/chargeback-rate.ts';
import type { PaymentDimension } from '../domain/payment-volume.ts';

interface CountsRow {
  key: string;
  disputes: string;
  dated_by_dispute: string;
  payments: string;
}

/**
 * The counts behind chargeback rates over the window from `since` (the start of a UTC day), by
 * the definition in domain/chargeback-rate.ts. A dispute's first fraud record (opened or lost)
 * names its BIN / merchant and dates it when the ledger has no decision of its payment; a dispute
 * whose first record precedes the window cannot be about a payment of the window.
 * `everyKey`: keys with payments and no dispute too (BINs, a bounded set), else only keys with
 * a dispute (merchants: unbounded, the payments read by the primary key of the few disputed).
 */
const COUNTS_SQL = `
  WITH firsts AS (
    SELECT DISTINCT ON (dispute_id) account_id, transaction_id, occurred_at,
      CASE WHEN $2 = 'bin' THEN bin ELSE merchant_id END AS key
    FROM disputes WHERE reason_family = 'fraud' AND status IN ('opened', 'lost')
    ORDER BY dispute_id, occurred_at
  ), dated AS (
    SELECT f.key, l.decided_at IS NULL AS by_dispute, COALESCE(l.decided_at, f.occurred_at) AS paid_at
    FROM firsts f LEFT JOIN LATERAL (
      SELECT min(decided_at) AS decided_at FROM decision_ledger
      WHERE account_id = f.account_id AND transaction_id = f.transaction_id
    ) l ON true
    WHERE f.key IS NOT NULL AND f.occurred_at >= $1
  ), disputed AS (
    SELECT key, count(*) AS disputes, count(*) FILTER (WHERE by_dispute) AS dated_by_dispute
    FROM dated WHERE paid_at >= $1 GROUP BY key
  ), paid AS (
    SELECT key, sum(payments) AS payments FROM payment_day_counts
    WHERE dimension = $2 AND day >= $3::date AND ($5 OR key IN (SELECT key FROM disputed))
    GROUP BY key
  ), ranked AS (
    SELECT COALESCE(d.key, p.key) AS key, COALESCE(d.disputes, 0) AS disputes,
      COALESCE(d.dated_by_dispute, 0) AS dated_by_dispute, COALESCE(p.payments, 0) AS payments,
      row_number() OVER (
        ORDER BY COALESCE(d.disputes, 0) DESC, COALESCE(p.payments, 0) DESC, COALESCE(d.key, p.key)
      ) AS rank
    FROM disputed d FULL JOIN paid p ON p.key = d.key
  )
  SELECT CASE WHEN rank <= $4 THEN key ELSE 'other' END AS key, sum(disputes) AS disputes,
    sum(dated_by_dispute) AS dated_by_dispute, sum(payments) AS payments
  FROM ranked WHERE rank <= $4 OR $5 GROUP BY 1 ORDER BY min(rank)`;

async function chargebackCounts(
  pool: pg.Pool,
  dimension: PaymentDimension,
  since: Date,
  top: number,
  everyKey: boolean,
): Promise<ChargebackCounts[]> {
  const { rows } = await pool.query<CountsRow>(COUNTS_SQL, [
    since,
    dimension,
    since.toISOString().slice(0, 10),
    top,
    everyKey,
  ]);
  return rows.map((r) => ({
    key: r.key,
    disputes: Number(r.disputes),
    datedByDispute: Number(r.dated_by_dispute),
    payments: Number(r.payments),
  }));
}

/**
 * Per BIN: the `topBins` with the most fraud disputes (then payments), the rest summed as
 * `other` (its rate is theirs together). Bounded label values for the rate gauge.
 */
export function chargebackCountsByBin(
  pool: pg.Pool,
  since: Date,
  topBins: number,
): Promise<ChargebackCounts[]> {
  return chargebackCounts(pool, 'bin', since, topBins, true);
}

/** The `limit` merchants with the most fraud disputes, with their payments (the CLI report). */
export function chargebackCountsByMerchant(
  pool: pg.Pool,
  since: Date,
  limit: number,
): Promise<ChargebackCounts[]> {
  return chargebackCounts(pool, 'merchant', since, limit, false);
}
