// case-service benchmark: RaiseCase/s against the service running as its own process, and
// ListCases latency over a million cases. Run: pnpm --filter @vigil/system-tests bench:case-service
// [--cases 1000000] [--raises 20000] [--concurrency 64] [--lists 500]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { RaiseCaseRequest } from '@vigil/protos';
import { bulkInsertCases } from '@vigil/case-service/src/test-support/bulk-cases.ts';
import { infraUrls, uniqueName } from '@vigil/testing';
import { spawnCaseService } from './lib/case-service-process.ts';
import { casesGrpc, type CasesGrpc } from './lib/cases-grpc.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { listShapes } from './lib/list-cases-shapes.ts';
import { markdownTable } from './lib/markdown.ts';
import { raiseCaseSql } from './lib/raise-case-sql.ts';
import { cpuSecondsBetween, cpuSecondsByPid } from './lib/proc-cpu.ts';
import { fmt, summarize } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    raises: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    channels: { type: 'string', default: '4' },
    accounts: { type: 'string', default: '10000' },
    lists: { type: 'string', default: '500' },
  },
});
const CASES = Number(args.cases);
const RAISES = Number(args.raises);
const CONCURRENCY = Number(args.concurrency);
const CHANNELS = Number(args.channels);
const ACCOUNTS = Number(args.accounts);
const LISTS = Number(args.lists);
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
// Captured before the run: the load average is the one the run started under.
const machine = machineMarkdown();

const run = uniqueName('r');
let seq = 0;
/** A RaiseCase as the risk engine sends it for a review decision; accounts cycle so some attach. */
function raiseRequest(): RaiseCaseRequest {
  seq += 1;
  const id = `${run}-${seq}`;
  const score = 70 + (seq % 30);
  return {
    decisionId: `dec-${id}`,
    eventId: `evt-${id}`,
    eventType: 'transaction',
    accountId: `rc-${run}-${seq % ACCOUNTS}`,
    score,
    outcome: score >= 90 ? 'DECISION_OUTCOME_BLOCK' : 'DECISION_OUTCOME_REVIEW',
    reasons: [
      {
        rule: 'tx-count-account-1h',
        score: 40,
        message: '21 transactions in 1h',
        observed: '21',
        threshold: '20',
      },
    ],
    occurredAt: new Date().toISOString(),
    decidedAt: new Date().toISOString(),
    subject: { transactionId: `tx-${id}`, deviceId: `dev-${id}`, ip: '203.0.113.7' },
  };
}

/** Runs `total` calls with `concurrency` in flight; per-call latencies in ms. */
async function closedLoop(
  total: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1_000 };
}

const base = infraUrls().databaseUrl;
const schema = uniqueName('bench_cases');
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE SCHEMA "${schema}"`);
const url = new URL(base);
url.searchParams.set('options', `-c search_path=${schema}`);
const pool = new pg.Pool({ connectionString: url.toString(), max: 20 });

const tokens = {
  service: randomBytes(18).toString('base64url'),
  agent: randomBytes(18).toString('base64url'),
};
const report: {
  raise: string[][];
  profile: string[][];
  list: string[][];
  listAll: string[][];
  setup: string[][];
} = {
  raise: [],
  profile: [],
  list: [],
  listAll: [],
  setup: [],
};
const clients: CasesGrpc[] = [];
const serviceEnv = {
  DATABASE_URL: base,
  DATABASE_SCHEMA: schema,
  KAFKA_BROKERS: infraUrls().kafkaBrokers.join(','),
  FEEDBACK_TOPIC: uniqueName('bench-feedback'),
  ACCOUNT_COMMANDS_TOPIC: uniqueName('bench-commands'),
  CASE_CHANGES_CHANNEL: uniqueName('bench_changes'),
  CASE_AUTH_TOKENS: JSON.stringify([
    { token: tokens.service, principal: 'risk-engine', role: 'service' },
    { token: tokens.agent, principal: 'agent-bench', role: 'agent' },
  ]),
};
const LOG_LEVEL = process.env.CASE_LOG_LEVEL ?? 'info';
const service = await spawnCaseService({ ...serviceEnv, LOG_LEVEL });
log(`case-service pid ${service.pid} on ${service.grpcAddress}, schema ${schema}`);
try {
  // ---------------------------------------------------------------- a million cases
  const insertStarted = performance.now();
  await bulkInsertCases(pool, CASES, {
    history: false,
    onProgress: (n) => log(`bulk-inserted ${fmt.int(n)} cases`),
  });
  report.setup.push([
    'bulk insert + ANALYZE',
    `${fmt.int(CASES)} cases in ${((performance.now() - insertStarted) / 1_000).toFixed(1)} s`,
  ]);

  // ---------------------------------------------------------------- RaiseCase
  const engines = Array.from({ length: CHANNELS }, (_, c) =>
    casesGrpc(service.grpcAddress, tokens.service, c + 1),
  );
  clients.push(...engines);
  await closedLoop(1_000, CONCURRENCY, (i) => engines[i % CHANNELS]!.raiseCase(raiseRequest()));
  const cpu0 = {
    service: service.cpuSeconds(),
    pg: cpuSecondsByPid('postgres'),
    bench: process.cpuUsage(),
  };
  const raised = await closedLoop(RAISES, CONCURRENCY, (i) =>
    engines[i % CHANNELS]!.raiseCase(raiseRequest()),
  );
  const cpu = {
    service: service.cpuSeconds() - cpu0.service,
    pg: cpuSecondsBetween(cpu0.pg, cpuSecondsByPid('postgres')),
    bench: (() => {
      const u = process.cpuUsage(cpu0.bench);
      return (u.user + u.system) / 1e6;
    })(),
  };
  const raiseRate = RAISES / raised.seconds;
  const rs = summarize(raised.latencies);
  log(`RaiseCase: ${fmt.int(raiseRate)}/s, p50 ${fmt.ms(rs.p50)} p99 ${fmt.ms(rs.p99)}`);
  const { rows: counts } = await pool.query<{ alerts: string; open: string }>(
    `SELECT (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM cases WHERE account_id LIKE 'rc-%' AND status <> 'resolved') AS open`,
  );
  report.raise = [
    ['RaiseCase calls timed (after 1,000 warm-up)', fmt.int(RAISES), ''],
    [
      'in flight / client channels / distinct accounts',
      `${CONCURRENCY} / ${CHANNELS} / ${fmt.int(ACCOUNTS)}`,
      '',
    ],
    ['RaiseCase/s', fmt.int(raiseRate), '≥ 1,000'],
    ['latency p50 / p95 / p99', `${fmt.ms(rs.p50)} / ${fmt.ms(rs.p95)} / ${fmt.ms(rs.p99)}`, ''],
    [
      'alerts stored / open cases for those accounts',
      `${fmt.int(Number(counts[0]!.alerts))} / ${fmt.int(Number(counts[0]!.open))}`,
      `${fmt.int(RAISES + 1_000)} / ${fmt.int(ACCOUNTS)}`,
    ],
    [
      'CPU s per 1,000 calls: case-service / postgres (all backends) / bench client',
      `${((cpu.service * 1_000) / RAISES).toFixed(2)} / ${((cpu.pg * 1_000) / RAISES).toFixed(2)} / ${((cpu.bench * 1_000) / RAISES).toFixed(2)}`,
      '',
    ],
    [
      'CPU cores busy during the run: case-service / postgres / bench',
      `${(cpu.service / raised.seconds).toFixed(2)} / ${(cpu.pg / raised.seconds).toFixed(2)} / ${(cpu.bench / raised.seconds).toFixed(2)}`,
      'of 2',
    ],
  ];

  // Profile probe: the same raise_case() call straight from a pool of the service's size (same
  // concurrency), then one call at a time (PostgreSQL's own time per call, no queueing).
  const probeChannel = uniqueName('bench_probe');
  const pg0 = cpuSecondsByPid('postgres');
  const direct = await closedLoop(Math.min(RAISES, 10_000), CONCURRENCY, () =>
    raiseCaseSql(pool, raiseRequest(), probeChannel),
  );
  const directPgMs =
    (cpuSecondsBetween(pg0, cpuSecondsByPid('postgres')) * 1_000) / direct.latencies.length;
  const serial = await closedLoop(500, 1, () => raiseCaseSql(pool, raiseRequest(), probeChannel));
  const ds = summarize(direct.latencies);
  const ss = summarize(serial.latencies);
  report.profile = [
    [
      `raise_case() straight on PostgreSQL, ${CONCURRENCY} in flight on a pool of 20`,
      `${fmt.int(direct.latencies.length / direct.seconds)}/s`,
      `p50 ${fmt.ms(ds.p50)}, p99 ${fmt.ms(ds.p99)}; postgres CPU ${directPgMs.toFixed(2)} ms/call`,
    ],
    [
      'raise_case() straight on PostgreSQL, one at a time',
      `${fmt.int(serial.latencies.length / serial.seconds)}/s`,
      `p50 ${fmt.ms(ss.p50)}, p99 ${fmt.ms(ss.p99)}`,
    ],
    [
      `RaiseCase over gRPC (above, LOG_LEVEL=${LOG_LEVEL})`,
      `${fmt.int(raiseRate)}/s`,
      `p50 ${fmt.ms(rs.p50)}, p99 ${fmt.ms(rs.p99)}; case-service CPU ${((cpu.service * 1_000) / RAISES).toFixed(2)} ms/call`,
    ],
  ];
  log(
    `direct raise_case(): ${fmt.int(direct.latencies.length / direct.seconds)}/s, serial p50 ${fmt.ms(ss.p50)}`,
  );

  // ---------------------------------------------------------------- ListCases
  const agent = casesGrpc(service.grpcAddress, tokens.agent, 0);
  clients.push(agent);
  const shapes = listShapes(CASES);
  const byShape = new Map<string, number[]>();
  const all: number[] = [];
  for (let i = 0; all.length < LISTS; i += 1) {
    const shape = shapes[i % shapes.length]!;
    let pageToken = '';
    for (let page = 0; page < shape.pages && all.length < LISTS; page += 1) {
      const t = performance.now();
      const response = await agent.listCases({ pageSize: 50, ...shape.request(i), pageToken });
      const ms = performance.now() - t;
      all.push(ms);
      byShape.set(shape.name, [...(byShape.get(shape.name) ?? []), ms]);
      if (response.cases.length === 0 && shape.name !== 'account')
        throw new Error(`ListCases (${shape.name}) returned no cases`);
      pageToken = response.nextPageToken;
      if (!pageToken) break;
    }
  }
  const ls = summarize(all);
  log(
    `ListCases: ${all.length} calls, p50 ${fmt.ms(ls.p50)} p95 ${fmt.ms(ls.p95)} p99 ${fmt.ms(ls.p99)}`,
  );
  report.listAll = [
    [
      fmt.int(all.length),
      fmt.ms(ls.p50),
      fmt.ms(ls.p95),
      fmt.ms(ls.p99),
      fmt.ms(ls.max),
      '≤ 20 ms p99',
    ],
  ];
  report.list = [...byShape].map(([name, samples]) => {
    const s = summarize(samples);
    return [name, String(s.count), fmt.ms(s.p50), fmt.ms(s.p99), fmt.ms(s.max)];
  });
  report.setup.push(['case-service RSS after the runs', fmt.mib(service.rssBytes())]);

  // Profile probe: the same RaiseCase load against a second process that logs only warnings,
  // to price the per-call "alert raised" info line, child logger and redaction.
  if (LOG_LEVEL !== 'warn') {
    const quiet = await spawnCaseService({ ...serviceEnv, LOG_LEVEL: 'warn' });
    const quietClients = Array.from({ length: CHANNELS }, (_, c) =>
      casesGrpc(quiet.grpcAddress, tokens.service, c + 1),
    );
    try {
      await closedLoop(1_000, CONCURRENCY, (i) =>
        quietClients[i % CHANNELS]!.raiseCase(raiseRequest()),
      );
      const cpuBefore = quiet.cpuSeconds();
      const calls = Math.min(RAISES, 10_000);
      const run = await closedLoop(calls, CONCURRENCY, (i) =>
        quietClients[i % CHANNELS]!.raiseCase(raiseRequest()),
      );
      const q = summarize(run.latencies);
      report.profile.push([
        'RaiseCase over gRPC, case-service with LOG_LEVEL=warn (second process)',
        `${fmt.int(calls / run.seconds)}/s`,
        `p50 ${fmt.ms(q.p50)}, p99 ${fmt.ms(q.p99)}; case-service CPU ${(((quiet.cpuSeconds() - cpuBefore) * 1_000) / calls).toFixed(2)} ms/call`,
      ]);
      log(`RaiseCase with LOG_LEVEL=warn: ${fmt.int(calls / run.seconds)}/s`);
    } finally {
      for (const client of quietClients) client.close();
      await quiet.stop();
    }
  }
} finally {
  for (const client of clients) client.close();
  const code = await service.stop();
  report.setup.push(['case-service exit code on SIGTERM', String(code)]);
  await pool.end();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

const text = `# case-service benchmark

Machine (shared with other engineers' test runs; numbers vary run to run):

${machine}

Setup: case-service runs as its own process (\`node --import tsx src/main.ts\`, LOG_LEVEL=${LOG_LEVEL},
DATABASE_POOL_MAX default 20) on a schema of its own (migrated at start, dropped after); the
client is this process (grpc-js, bearer token per call). PostgreSQL is the machine's local server.
Everything shares the same 2 cores.

${markdownTable(['step', 'result'], report.setup)}

## RaiseCase (against ${fmt.int(CASES)} existing cases)

${markdownTable(['measure', 'value', 'target / expected'], report.raise)}

Where the time goes (profile probe):

${markdownTable(['path', 'rate', 'latency'], report.profile)}

## ListCases over ${fmt.int(CASES)} cases (one caller, sequential, mixed filters, orders and pages)

${markdownTable(['calls', 'p50', 'p95', 'p99', 'max', 'target'], report.listAll)}

${markdownTable(['shape', 'calls', 'p50', 'p99', 'max'], report.list)}
`;
console.log(`\n${text}`);
mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test/bench/results/case-service.md'), text);
process.exit(0);
