// Per-rule quality refresh: the 7- and 30-day windows read from rule_quality_days (what ships)
// against the aggregate over the whole ledger it replaced, on a ledger of a busy month; and what
// keeping the daily sums costs the ledger's writes.
// Run: pnpm --filter @vigil/system-tests bench:rule-quality [--decisions 1000000] [--runs 5] [--batches 200]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { z } from 'zod';
import { createPgLabelStore } from '@vigil/case-service/src/adapters/pg-label-store.ts';
import { runMigrations } from '@vigil/case-service/src/adapters/pg-migrations.ts';
import { ruleCounts } from '@vigil/case-service/src/adapters/pg-rule-quality.ts';
import type { LedgerRecord } from '@vigil/case-service/src/app/ports.ts';
import { QUALITY_WINDOWS_DAYS, windowStart } from '@vigil/case-service/src/domain/rule-quality.ts';
import {
  ruleCountsFromLedger,
  ruleQualityBackfillSql,
} from '@vigil/case-service/src/test-support/rule-counts-from-ledger.ts';
import { infraUrls, uniqueName } from '@vigil/testing';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';
import { fmt, percentile } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    decisions: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    batches: { type: 'string', default: '200' },
  },
});
const args = z
  .object({
    decisions: z.coerce.number().int().positive(),
    runs: z.coerce.number().int().min(1).max(50),
    batches: z.coerce.number().int().min(1),
  })
  .parse(values);
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const machine = machineMarkdown();

const base = infraUrls().databaseUrl;
const schema = uniqueName('bench_quality');
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE SCHEMA "${schema}"`);
const url = new URL(base);
url.searchParams.set('options', `-c search_path=${schema}`);
const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });

try {
  await runMigrations({
    databaseUrl: url.toString(),
    schema,
    logger: pino({ level: 'silent' }),
  });
  // A month of flagged decisions (the ledger keeps only those): 12 rules, 1–3 enforce and 0–1
  // shadow each, 30 % challenges; 6 % labelled, a fifth of the challenges answered "it was me".
  log(`seeding ${fmt.int(args.decisions)} ledger decisions over 30 days`);
  const seedStarted = Date.now();
  await pool.query(
    `INSERT INTO decision_ledger (decision_id, event_id, account_id, transaction_id, outcome, rules, shadow_rules, decided_at)
     SELECT 'd' || g, 'e' || g, 'a' || (g % 200000), CASE WHEN g % 3 = 0 THEN NULL ELSE 't' || g END,
       (ARRAY['challenge','challenge','challenge','review','block','allow','allow','allow','allow','allow'])[1 + g % 10],
       ARRAY(SELECT 'rule-' || ((g * 7 + k * 5) % 12) FROM generate_series(0, g % 3) AS k),
       CASE WHEN g % 4 = 0 THEN ARRAY['shadow-' || (g % 5)] ELSE ARRAY[]::text[] END,
       now() - (g % 2592000) * interval '1 second'
     FROM generate_series(1, $1::int) AS g`,
    [args.decisions],
  );
  await pool.query(
    `INSERT INTO labels (decision_id, account_id, verdict, source, evidence_id, labelled_at)
     SELECT decision_id, account_id, CASE WHEN random() < 0.4 THEN 'fraud' ELSE 'legit' END, 'dispute',
       'ev-' || decision_id, decided_at
     FROM decision_ledger WHERE random() < 0.06`,
  );
  await pool.query(
    `INSERT INTO label_evidence (evidence_id, account_id, decision_id, source, verdict, occurred_at)
     SELECT 'ans-' || decision_id, account_id, decision_id, 'customer_answer', 'legit', decided_at
     FROM decision_ledger WHERE outcome = 'challenge' AND random() < 0.2`,
  );
  // The daily sums of what is there, as the migration makes them for an existing ledger.
  const backfillStarted = Date.now();
  await pool.query(ruleQualityBackfillSql());
  const backfillMs = Date.now() - backfillStarted;
  await pool.query('ANALYZE');
  const seededMs = Date.now() - seedStarted;
  const { rows: dayRows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM rule_quality_days',
  );
  log(
    `seeded in ${(seededMs / 1000).toFixed(1)} s (backfill ${backfillMs} ms, ${dayRows[0]!.n} daily rows)`,
  );

  // Both readings, alternated, each window; they must agree (the integration test holds the
  // writes to that, this checks the seeded month).
  const now = new Date();
  const timings = new Map<string, number[]>();
  const time = async <T>(name: string, read: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await read();
    const list = timings.get(name) ?? [];
    list.push(performance.now() - started);
    timings.set(name, list);
    return result;
  };
  for (let run = 0; run < args.runs; run++) {
    for (const days of QUALITY_WINDOWS_DAYS) {
      const since = windowStart(now, days);
      const reference = await time(`${days} d, aggregate over the ledger (before)`, () =>
        ruleCountsFromLedger(pool, since, 200),
      );
      const daily = await time(`${days} d, daily sums (rule_quality_days)`, () =>
        ruleCounts(pool, since, 200),
      );
      const hits = (rows: { hits: number }[]) => rows.reduce((s, r) => s + r.hits, 0);
      if (hits(reference) !== hits(daily.rules))
        throw new Error(
          `${days} d: ${hits(daily.rules)} hits from the daily sums, ${hits(reference)} from the ledger`,
        );
    }
  }

  // The writes: slices of 50 fresh flagged decisions each (a label-intake batch), half of them
  // challenges; the time of recordDecisions, which now also adds to the daily sums.
  const store = createPgLabelStore(pool);
  const writeMs: number[] = [];
  for (let b = 0; b < args.batches; b++) {
    const at = new Date().toISOString();
    const records: LedgerRecord[] = Array.from({ length: 50 }, (_, i) => {
      const id = `w-${b}-${i}`;
      return {
        offset: String(b * 50 + i),
        decidedAt: at,
        payment: undefined,
        entry: {
          decisionId: id,
          eventId: `e-${id}`,
          eventType: 'transaction',
          accountId: `wa-${(b * 50 + i) % 5000}`,
          transactionId: `wt-${id}`,
          outcome: i % 2 === 0 ? 'challenge' : 'review',
          score: 50,
          reasons: [{ rule: `rule-${i % 12}`, message: 'fired' }],
          rules: [`rule-${i % 12}`, `rule-${(i + 5) % 12}`],
          shadowRules: i % 4 === 0 ? ['shadow-1'] : [],
          decidedAt: at,
        },
      };
    });
    const started = performance.now();
    await store.recordDecisions([{ topic: 'bench-decisions', partition: 0, records }]);
    writeMs.push(performance.now() - started);
  }

  const cell = (samples: readonly number[]) =>
    `${fmt.ms(percentile(samples, 50))} (${fmt.ms(Math.min(...samples))} – ${fmt.ms(Math.max(...samples))})`;
  const markdown = `# Per-rule quality refresh

${machine}

Method: a case-service schema of its own (migrated), seeded with ${fmt.int(args.decisions)} flagged
decisions spread over the last 30 days (12 rules, 1–3 enforce and 0–1 shadow hits each, 30 %
challenges), 6 % labelled, a fifth of the challenges answered "it was me"; rule_quality_days
filled by the migration's backfill (${backfillMs} ms, ${dayRows[0]!.n} rows), then ANALYZE. Each window
read ${args.runs} times both ways, alternated: the aggregate over the ledger the quality loop ran
before (test-support/rule-counts-from-ledger.ts) and \`ruleCounts\` on the daily sums (what ships);
the two give the same hits (checked every run). The loop reads both windows every
LABEL_QUALITY_REFRESH_MS (60 s). Then ${args.batches} \`recordDecisions\` slices of 50 fresh flagged
decisions (a label-intake batch; the daily sums are kept in the same transaction).

${markdownTable(
  ['reading', 'median (min – max)'],
  [...timings].map(([name, samples]) => [name, cell(samples)]),
)}

| writes | median (min – max) | p95 |
| --- | --- | --- |
| recordDecisions, 50 flagged decisions | ${cell(writeMs)} | ${fmt.ms(percentile(writeMs, 95))} |
`;
  const out = join(REPO_ROOT, 'test/bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'rule-quality.md'), markdown);
  console.log(markdown);
  log('wrote test/bench/results/rule-quality.md');
} finally {
  await pool.end();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
