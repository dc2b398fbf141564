import type pg from 'pg';

export const BULK_ACCOUNT_PREFIX = 'bulk-';
export const BULK_AGENTS = 20;
/** Bulk cases were opened this many seconds apart, going back from now. */
export const BULK_SECONDS_APART = 2.6;

/**
 * Fills `cases` with `total` rows straight in PostgreSQL (generate_series, in chunks so progress
 * shows): 70% resolved, 20% in progress across 20 agents, 10% open, severities spread, one case
 * per account, opened every ~2.6 s going back ~30 days from now, so ListCases has a month of history.
 */
export async function bulkInsertCases(
  pool: pg.Pool,
  total: number,
  onProgress: (inserted: number) => void = () => undefined,
): Promise<void> {
  const chunk = 250_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    await pool.query(
      `INSERT INTO cases (account_id, status, severity, assignee, alert_count, created_at, updated_at, resolved_at, disposition)
       SELECT $3 || g,
              CASE WHEN g % 10 < 7 THEN 'resolved' WHEN g % 10 < 9 THEN 'in_progress' ELSE 'open' END,
              1 + (g * 7) % 4,
              CASE WHEN g % 10 < 9 THEN 'agent-' || ((g / 10) % $4::int) END,
              1 + g % 3,
              now() - make_interval(secs => g * $5::float8),
              now() - make_interval(secs => g * $5::float8) + interval '5 minutes',
              CASE WHEN g % 10 < 7 THEN now() - make_interval(secs => g * $5::float8) + interval '1 hour' END,
              CASE WHEN g % 10 < 7 THEN 'inconclusive' END
       FROM generate_series($1::int, $2::int) g`,
      [from, to, BULK_ACCOUNT_PREFIX, BULK_AGENTS, BULK_SECONDS_APART],
    );
    onProgress(to);
  }
  await pool.query('ANALYZE cases');
}
