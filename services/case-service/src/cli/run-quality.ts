import pg from 'pg';
import { withSearchPath } from '../adapters/pg-search-path.ts';
import { createPgLabelStore } from '../adapters/pg-label-store.ts';
import { fraudDisputesByMerchant } from '../adapters/pg-rule-quality.ts';
import { ruleQualityReport } from '../app/rule-quality-report.ts';
import { windowStart } from '../domain/rule-quality.ts';
import { parseMigrateEnv } from '../env.ts';
import { merchantTable, qualityTable } from './quality-report.ts';

/**
 * `vigil-cases quality [--days 7]`: the per-rule quality report, read from case-service's
 * PostgreSQL (DATABASE_URL, DATABASE_SCHEMA) like the `migrate` command: an analyst's report,
 * not an agent's RPC, so it needs no token and adds nothing to the gRPC contract.
 */
export async function runQualityReport(
  options: { days?: string | undefined; json?: boolean | undefined },
  print: (line: string) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const days = Number(options.days ?? '7');
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new Error(`--days must be a whole number of days from 1 to 365, not ${options.days}`);
  const { DATABASE_URL, DATABASE_SCHEMA } = parseMigrateEnv(env);
  const pool = new pg.Pool({
    connectionString: withSearchPath(DATABASE_URL, DATABASE_SCHEMA),
    max: 2,
  });
  try {
    const now = new Date();
    const report = await ruleQualityReport(createPgLabelStore(pool), now, days, 1_000);
    const merchants = await fraudDisputesByMerchant(pool, windowStart(now, days), 10);
    if (options.json) print(JSON.stringify({ ...report, merchants }, null, 2));
    else print(`${qualityTable(report)}\n\n${merchantTable(merchants)}`);
  } finally {
    await pool.end();
  }
}
