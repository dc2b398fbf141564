import pg from 'pg';
import { withSearchPath } from '../adapters/pg-search-path.ts';
import { createPgLabelStore } from '../adapters/pg-label-store.ts';
import {
  chargebackCountsByBin,
  chargebackCountsByMerchant,
} from '../adapters/pg-chargeback-rates.ts';
import { fraudDisputesByMerchant } from '../adapters/pg-rule-quality.ts';
import { ruleQualityReport } from '../app/rule-quality-report.ts';
import { chargebackRate } from '../domain/chargeback-rate.ts';
import { windowStart } from '../domain/rule-quality.ts';
import { parseMigrateEnv } from '../env.ts';
import { chargebackTable, merchantTable, qualityTable } from './quality-report.ts';

/** Rows of the chargeback tables: BINs past these are summed as `other`; merchants are cut. */
const REPORT_BINS = 20;
const REPORT_MERCHANTS = 10;

/**
 * `vigil-cases quality [--days 7]`: the per-rule quality report and the chargeback rates per BIN
 * and top merchant, read from case-service's
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
    const since = windowStart(now, days);
    const merchants = await fraudDisputesByMerchant(pool, since, REPORT_MERCHANTS);
    const chargebackRates = {
      bins: (await chargebackCountsByBin(pool, since, REPORT_BINS)).map(chargebackRate),
      merchants: (await chargebackCountsByMerchant(pool, since, REPORT_MERCHANTS)).map(
        chargebackRate,
      ),
    };
    if (options.json) print(JSON.stringify({ ...report, merchants, chargebackRates }, null, 2));
    else
      print(
        [
          qualityTable(report),
          merchantTable(merchants),
          chargebackTable('BIN', days, chargebackRates.bins),
          chargebackTable('MERCHANT', days, chargebackRates.merchants),
        ].join('\n\n'),
      );
  } finally {
    await pool.end();
  }
}
