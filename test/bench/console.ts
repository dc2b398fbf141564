// Agent console benchmark (issue 16): queue and case page API latency over a million cases, and
// how soon a raised case reaches an open queue. Needs `pnpm build`. Run:
// pnpm --filter @vigil/system-tests bench:console [--cases 1000000] [--queue 800] [--pages 400]
// [--live 200] [--live-rate 5]
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  signInOverHttp,
  type ApiCaller,
} from '@vigil/agent-console/src/test-support/console-http.ts';
import { startConsoleStack } from '@vigil/agent-console/src/test-support/console-stack.ts';
import {
  BULK_ACCOUNT_PREFIX,
  bulkInsertCases,
} from '@vigil/case-service/src/test-support/bulk-cases.ts';
import { uniqueName } from '@vigil/testing';
import { QUEUE_SHAPES } from './lib/console-queue-shapes.ts';
import { LIVE_QUEUE_QUERY, measureLive, PAGE_RELOAD_DEBOUNCE_MS } from './lib/console-live.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';
import { snapshot, TIME_HEADERS, timeRow } from './lib/console-time.ts';
import { fmt, latencyCells, summarize } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    queue: { type: 'string', default: '800' },
    pages: { type: 'string', default: '400' },
    live: { type: 'string', default: '200' },
    'live-rate': { type: 'string', default: '5' },
    warmup: { type: 'string', default: '50' },
  },
});
const CASES = Number(args.cases);
const QUEUE_CALLS = Number(args.queue);
const CASE_PAGES = Number(args.pages);
const LIVE = Number(args.live);
const LIVE_RATE = Number(args['live-rate']);
const WARMUP = Number(args.warmup);
const TARGET_API_MS = 50;
const TARGET_LIVE_MS = 1_000;
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
// Captured before the run: the load average is the one the run started under.
const machine = machineMarkdown();

async function timedGet(agent: ApiCaller, path: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await agent.get(path);
  const body: unknown = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

/** Queue pages, shape after shape, following nextCursor; `calls` requests in all. */
async function runQueue(agent: ApiCaller, calls: number): Promise<Map<string, number[]>> {
  const byShape = new Map<string, number[]>(QUEUE_SHAPES.map((s) => [s.name, []]));
  let made = 0;
  for (let i = 0; made < calls; i += 1) {
    const shape = QUEUE_SHAPES[i % QUEUE_SHAPES.length]!;
    let cursor: string | null = null;
    for (let page = 0; page < shape.pages && made < calls; page += 1) {
      const query = new URLSearchParams({ ...shape.query, ...(cursor ? { cursor } : {}) });
      const { ms, body } = await timedGet(agent, `/api/cases?${query.toString()}`);
      byShape.get(shape.name)!.push(ms);
      made += 1;
      cursor = (body as { nextCursor: string | null }).nextCursor;
      if (!cursor) break;
    }
  }
  return byShape;
}

const verdict = (p99: number, target: number) => (p99 <= target ? 'met' : '**missed**');
const stack = await startConsoleStack({
  // The label intake reads no topic here: the benchmark is about the console's reads.
  caseEnv: { LABELS_ENABLED: 'false', LOG_LEVEL: process.env.CASE_LOG_LEVEL ?? 'info' },
  consoleEnv: { LOG_LEVEL: process.env.CONSOLE_LOG_LEVEL ?? 'info' },
});
log(`console ${stack.url}, case-service ${stack.grpcAddress}, schema ${stack.pg.schema}`);
const report: Record<'setup' | 'queue' | 'shapes' | 'pages' | 'live' | 'time', string[][]> = {
  setup: [],
  time: [],
  queue: [],
  shapes: [],
  pages: [],
  live: [],
};
try {
  // ---------------------------------------------------------------- a million cases
  const seedStarted = performance.now();
  // Assigned in turn to the stack's two agents and 18 colleagues: "mine" is a twentieth.
  const agents = ['agent-ann', 'agent-bob', ...Array.from({ length: 18 }, (_, i) => `agent-${i}`)];
  await bulkInsertCases(stack.pg.pool, CASES, {
    agents,
    onProgress: (n) => log(`bulk-inserted ${fmt.int(n)} cases with their alerts, notes and audit`),
  });
  const { rows: sizes } = await stack.pg.pool.query<{ name: string; rows: string; size: string }>(
    `SELECT relname AS name, n_live_tup::text AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
     FROM pg_stat_user_tables WHERE schemaname = current_schema()
       AND relname IN ('cases', 'alerts', 'notes', 'audit_events') ORDER BY relname`,
  );
  report.setup.push([
    'bulk insert + VACUUM ANALYZE',
    `${((performance.now() - seedStarted) / 1_000).toFixed(0)} s`,
  ]);
  for (const { name, rows, size } of sizes)
    report.setup.push([`${name}: rows, size with indexes`, `${fmt.int(Number(rows))}, ${size}`]);

  // ---------------------------------------------------------------- sign in as the browser does
  const agent = await signInOverHttp(stack.url, stack.tokens.ann);
  const session = await timedGet(agent, '/api/session');
  if ((session.body as { csrfToken?: string }).csrfToken !== agent.session.csrfToken)
    throw new Error('the session does not carry the sign-in CSRF token');
  log(`signed in as ${agent.session.principal} (cookie session, CSRF token held)`);

  // ---------------------------------------------------------------- queue and case pages
  /** QUEUE_CALLS queue requests over every shape, reported under `label`. */
  const queuePhase = async (label: string) => {
    await runQueue(agent, WARMUP);
    const before = await snapshot(stack);
    const byShape = await runQueue(agent, QUEUE_CALLS);
    const samples = [...byShape.values()].flat();
    const after = await snapshot(stack);
    report.time.push(timeRow(`queue, ${label}`, samples, before, after, '/api/cases'));
    const s = summarize(samples);
    report.queue.push([
      label,
      fmt.int(s.count),
      ...latencyCells(s),
      `≤ ${TARGET_API_MS} ms`,
      verdict(s.p99, TARGET_API_MS),
    ]);
    log(`queue, ${label}: ${s.count} calls, p50 ${fmt.ms(s.p50)} p99 ${fmt.ms(s.p99)}`);
    return byShape;
  };
  const mixed = await queuePhase('the bulk mix');

  const picks = Array.from(
    { length: CASE_PAGES + WARMUP },
    () => `${BULK_ACCOUNT_PREFIX}${1 + Math.floor(Math.random() * CASES)}`,
  );
  const { rows: ids } = await stack.pg.pool.query<{ id: string }>(
    'SELECT id FROM cases WHERE account_id = ANY($1::text[]) ORDER BY random()',
    [picks],
  );
  const pageMs: number[] = [];
  let beforePages = await snapshot(stack);
  for (const [i, { id }] of ids.entries()) {
    if (i === WARMUP) beforePages = await snapshot(stack);
    const { ms, body } = await timedGet(agent, `/api/cases/${id}`);
    if ((body as { alerts: unknown[] }).alerts.length === 0)
      throw new Error(`case ${id}: no alerts`);
    if (i >= WARMUP) pageMs.push(ms);
  }
  report.time.push(
    timeRow('case page', pageMs, beforePages, await snapshot(stack), '/api/cases/:caseId'),
  );
  const ps = summarize(pageMs);
  report.pages.push([
    fmt.int(ps.count),
    ...latencyCells(ps),
    `≤ ${TARGET_API_MS} ms`,
    verdict(ps.p99, TARGET_API_MS),
  ]);
  log(`case pages: ${pageMs.length} calls, p50 ${fmt.ms(ps.p50)} p99 ${fmt.ms(ps.p99)}`);

  // The state a team works towards: every critical case dealt with. Views that now match
  // nothing must not walk the backlog to prove it (results/console-queue-plans.md).
  await stack.pg.pool.query(
    "UPDATE cases SET severity = 3 WHERE severity = 4 AND status <> 'resolved'",
  );
  await stack.pg.pool.query('VACUUM (ANALYZE) cases');
  const cleared = await queuePhase('no critical case unresolved');
  report.shapes = QUEUE_SHAPES.map(({ name }) => {
    const [a, b] = [mixed, cleared].map((phase) => summarize(phase.get(name)!));
    return [name, fmt.int(a!.count), ...[a!.p50, a!.p99, a!.max, b!.p50, b!.p99].map(fmt.ms)];
  });

  // ---------------------------------------------------------------- live
  const live = await measureLive({
    url: stack.url,
    agent,
    engine: stack.cases('engine'),
    cases: LIVE,
    ratePerSecond: LIVE_RATE,
    accountPrefix: `${uniqueName('live')}-`,
  });
  const liveRow = (label: string, samples: number[], target?: number) => {
    const s = summarize(samples);
    return [
      label,
      `${fmt.int(s.count)} / ${fmt.int(live.raised)}`,
      ...latencyCells(s),
      target === undefined ? '' : `≤ ${fmt.int(target)} ms`,
      target === undefined ? '' : verdict(s.count < live.raised ? Infinity : s.p99, target),
    ];
  };
  report.live = [
    liveRow('RaiseCase call (service token)', live.raiseCall),
    liveRow('RaiseCase → `case` event on /api/events', live.toStream, TARGET_LIVE_MS),
    liveRow(
      `RaiseCase → on the open queue page (event + ${PAGE_RELOAD_DEBOUNCE_MS} ms debounce + reload)`,
      live.toPage,
      TARGET_LIVE_MS,
    ),
  ];
  log(
    `live: ${live.toStream.length}/${live.raised} on the stream, p99 ${fmt.ms(summarize(live.toStream).p99)}; ` +
      `${live.toPage.length} on the page, p99 ${fmt.ms(summarize(live.toPage).p99)}`,
  );
  report.setup.push([
    'live: cases raised, rate, span',
    `${fmt.int(LIVE)} at ${LIVE_RATE}/s over ${live.seconds.toFixed(0)} s`,
  ]);
} finally {
  const [one, five] = loadavg();
  report.setup.push([
    'load average at the end (1m, 5m)',
    `${one?.toFixed(2)}, ${five?.toFixed(2)}`,
  ]);
  const exits = await stack.stop();
  report.setup.push([
    'exit codes on SIGTERM (console, case-service); schema dropped',
    `${exits.console}, ${exits.caseService}`,
  ]);
}

const latencyHeaders = ['calls', 'p50', 'p95', 'p99', 'max', 'target', 'verdict'];
const text = `# Agent console benchmark

Machine (shared with other engineers' test runs; numbers vary run to run):

${machine}

## Method

- **Processes**: the built case-service (\`node dist/main.js\`, LOG_LEVEL=${process.env.CASE_LOG_LEVEL ?? 'info'}, label
  intake off) on a PostgreSQL schema of its own, and the built agent console (\`node dist/main.js\`,
  LOG_LEVEL=${process.env.CONSOLE_LOG_LEVEL ?? 'info'}, default CASE_SLA_MINUTES=60) in front of it, started by the
  console's integration harness (\`services/agent-console/src/test-support/console-stack.ts\`). The
  client is this process: Node's fetch over loopback HTTP/1.1, one request at a time.
- **Data**: ${fmt.int(CASES)} cases bulk-loaded in PostgreSQL (\`bulkInsertCases\`,
  \`services/case-service/src/test-support/bulk-cases.ts\`: generate_series, 50,000 cases a statement)
  with their alerts (1-3 per case, reasons and subject), notes and audit trail, opened every 2.6 s
  over the month before the last hour: 70% resolved, 20% in progress, 10% open, severities
  spread, assigned in turn to 20 agents (the signed-in agent is one); then VACUUM ANALYZE.
- **Sign-in** as the browser does it: \`POST /api/session\` with an agent token, the httpOnly
  session cookie on every request after it, the CSRF token read from \`GET /api/session\`.
- **Queue API**: \`GET /api/cases\` with every filter the queue page offers (the shapes below),
  following \`nextCursor\` for the next pages; each request is the console's page and its four
  per-severity counts (a ListCases and a CountCases call in parallel, each to PostgreSQL). ${WARMUP} warm-up
  requests are not counted. Twice: on the bulk mix, and after every unresolved critical case was
  made high (no critical case waiting: the views that match nothing).
- **Case page API**: \`GET /api/cases/:id\` for random cases (GetCase: the case, its alerts,
  notes and audit; then the account's other cases), ${WARMUP} warm-up pages not counted.
- **Live**: ${fmt.int(LIVE)} new cases raised at ${LIVE_RATE}/s (open loop) with RaiseCase and the service
  token, as the risk engine raises them after a review decision, while the signed-in agent holds
  \`GET /api/events\` (Server-Sent Events fed by WatchCases) open. Latency from the RaiseCase call
  to the case's event on the stream, and to the queue page listing it: the page reloads
  ${PAGE_RELOAD_DEBOUNCE_MS} ms after the first change it hears of (\`queue-page.tsx\`), here the open queue
  newest first (\`${LIVE_QUEUE_QUERY}\`).

${markdownTable(['step', 'result'], report.setup)}

## Queue API over ${fmt.int(CASES)} cases

${markdownTable(['data', ...latencyHeaders], report.queue)}

Per shape (calls per phase; the second phase after every unresolved critical case was made high):

${markdownTable(['shape', 'calls', 'p50', 'p99', 'max', 'p50, no critical', 'p99, no critical'], report.shapes)}

## Case page API

${markdownTable(latencyHeaders, report.pages)}

Where the time goes: means of the client's timings and of the console's and case-service's own
latency histograms over the same requests, and the CPU each process spent per request
(\`/proc/<pid>/stat\`; postgres is every backend on the server, other runs' included, so an upper
bound). On a busy box latency is mostly waiting for a core; the CPU columns are what a request costs.

${markdownTable(TIME_HEADERS, report.time)}

## Live: a raised case reaching an open queue

${markdownTable(['path', 'seen / raised', 'p50', 'p95', 'p99', 'max', 'target', 'verdict'], report.live)}
`;
console.log(`\n${text}`);
mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test/bench/results/console.md'), text);
process.exit(0);
