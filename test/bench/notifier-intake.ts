// Notifier intake: what recording a notice's cause costs PostgreSQL and the notifier — statements,
// the notifier's CPU and its PostgreSQL backend's CPU per cause, and the batch's time — for this
// checkout and (--compare-ref) another one, alternated A B B A on the same box.
// Run: pnpm --filter @vigil/system-tests bench:notifier-intake [--batch-sizes 1,2,8]
//      [--batches 1500] [--warmup 300] [--rounds 2] [--accounts 5000] [--compare-ref REF]
//      [--out notifier-intake.md]; BENCH_PG_OPTIONS="-c name=value" sets server settings on both
//      connections.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createPgFixture, seededRandom } from '@vigil/testing';
import { baselineCheckout } from './lib/baseline-checkout.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';
import { procStat } from './lib/proc-cpu.ts';
import { fmt, percentile } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    'batch-sizes': { type: 'string', default: '1,2,8' },
    batches: { type: 'string', default: '1500' },
    warmup: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
    accounts: { type: 'string', default: '5000' },
    'compare-ref': { type: 'string' },
    out: { type: 'string', default: 'notifier-intake.md' },
  },
});
const BATCH_SIZES = args['batch-sizes'].split(',').map(Number);
const BATCHES = Number(args.batches);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const ACCOUNTS = Number(args.accounts);
const BENCH_PG_OPTIONS = process.env.BENCH_PG_OPTIONS ?? '';
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The notifier's defaults (env.ts): 30 min incidents, 30 s gathering, 5 notices an hour. */
const POLICIES = {
  incidents: { windowMs: 30 * 60_000, gatherMs: 30_000 },
  rateLimit: { maxPerWindow: 5, windowMs: 3_600_000, exemptKinds: [] },
};

interface IntakeRecordLike {
  source: 'decision';
  decision: Record<string, unknown>;
}
type Intake = (batch: {
  /** The batch's topic: what checkouts before the intake took whole fetches need. */
  topic: string;
  records: readonly { topic: string; value: IntakeRecordLike }[];
  logger: unknown;
}) => Promise<void>;

/** A checkout's notifier intake on a schema of its own, through one counted connection. */
interface Subject {
  name: string;
  intake: Intake;
  pool: pg.Pool;
  backendPid: number;
  statements: () => number;
  /** Calls and round-trip milliseconds per statement (prepared statements by name). */
  byStatement: Map<string, { calls: number; ms: number }>;
  cleanup: () => Promise<void>;
}

async function subjectOf(name: string, root: string): Promise<Subject> {
  const src = join(root, 'services/notifier/src');
  const [{ PgOutbox }, { createNoticeIntake }, { createNotifierMetrics }, { migrate }] =
    (await Promise.all([
      import(join(src, 'adapters/pg-outbox.ts')),
      import(join(src, 'app/intake-notices.ts')),
      import(join(src, 'metrics.ts')),
      import(join(src, 'adapters/pg-migrations.ts')),
    ])) as [
      { PgOutbox: new (pool: pg.Pool) => unknown },
      { createNoticeIntake: (deps: object) => Intake },
      { createNotifierMetrics: (registry: Registry) => unknown },
      { migrate: (o: { databaseUrl: string; schema: string; logger: unknown }) => Promise<void> },
    ];
  const fixture = await createPgFixture();
  const { schema } = fixture;
  const url = new URL(fixture.url);
  url.searchParams.set('options', `${url.searchParams.get('options')} ${BENCH_PG_OPTIONS}`);
  await migrate({ databaseUrl: url.toString(), schema, logger: pino({ level: 'silent' }) });
  // One connection: its backend is the only PostgreSQL process this subject uses.
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1, idleTimeoutMillis: 0 });
  let statements = 0;
  const byStatement = new Map<string, { calls: number; ms: number }>();
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
    (client as { query: unknown }).query = async (...a: unknown[]) => {
      statements += 1;
      const first = a[0] as string | { name?: string; text: string };
      // Prepared statements by name, the others by their first words.
      const text = typeof first === 'string' ? first : first.text;
      const name =
        typeof first === 'object' && first.name !== undefined
          ? first.name
          : text.replace(/\s+/g, ' ').trim().slice(0, 32);
      const started = performance.now();
      try {
        return await query(...a);
      } finally {
        const entry = byStatement.get(name) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - started;
        byStatement.set(name, entry);
      }
    };
  });
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const intake = createNoticeIntake({
    store: new PgOutbox(pool),
    policies: POLICIES,
    metrics: createNotifierMetrics(new Registry()),
  });
  return {
    name,
    intake,
    pool,
    backendPid: rows[0]!.pid,
    statements: () => statements,
    byStatement,
    cleanup: async () => {
      await pool.end();
      await fixture.cleanup();
    },
  };
}

/**
 * Batches of challenge and block decisions as the notifier's consumer hands them over: most
 * accounts seen once in a while, a tenth of the records on a few hundred accounts under attack
 * (their causes join open incidents and list in unsent notices). Decision times move 50 ms a
 * record, so incidents also run out. The same seed gives the same traffic; `tag` keeps ids apart.
 */
function traffic(seed: number, tag: string, size: number, count: number, startMs: number) {
  const random = seededRandom(seed);
  let at = startMs;
  let n = 0;
  const batches: IntakeRecordLike[][] = [];
  for (let b = 0; b < count; b++) {
    const batch: IntakeRecordLike[] = [];
    for (let i = 0; i < size; i++) {
      const attacked = random() < 0.1;
      const account = attacked
        ? `acc-hot-${Math.floor(random() * 300)}`
        : `acc-${Math.floor(random() * ACCOUNTS)}`;
      at += 50;
      n += 1;
      const id = `${tag}-${n}`;
      batch.push({
        source: 'decision',
        decision: {
          schemaVersion: 1,
          decisionId: `dec-${id}`,
          eventId: `evt-${id}`,
          eventType: 'transaction',
          accountId: account,
          occurredAt: new Date(at - 200).toISOString(),
          decidedAt: new Date(at).toISOString(),
          score: 72,
          outcome: random() < 0.75 ? 'challenge' : 'block',
          reasons: [{ rule: 'new-device-high-amount', score: 40, message: 'new device' }],
          shadowReasons: [],
          ruleSetVersion: 'bench',
          subject: { transactionId: `tx-${id}`, deviceId: `dev-${account}`, ip: '203.0.113.7' },
          context: { amount: { minor: 48_000, currency: 'JPY' }, merchantName: 'Acme' },
        },
      });
    }
    batches.push(batch);
  }
  return { batches, endMs: at };
}

interface Measured {
  subject: string;
  size: number;
  round: number;
  causes: number;
  statementsPerCause: number;
  notifierMsPerCause: number;
  postgresMsPerCause: number;
  batchP50: number;
  batchP99: number;
}

const logger = pino({ level: 'silent' });

async function runBatches(subject: Subject, batches: readonly IntakeRecordLike[][]) {
  const times: number[] = [];
  for (const batch of batches) {
    const started = performance.now();
    await subject.intake({
      topic: 'risk.decisions.v1',
      records: batch.map((value) => ({ topic: 'risk.decisions.v1', value })),
      logger,
    });
    times.push(performance.now() - started);
  }
  return times;
}

async function measure(
  subject: Subject,
  size: number,
  round: number,
  batches: readonly IntakeRecordLike[][],
): Promise<Measured> {
  const statements = subject.statements();
  subject.byStatement.clear();
  const cpu = process.cpuUsage();
  const backend = procStat(subject.backendPid).cpuSeconds;
  const times = await runBatches(subject, batches);
  const used = process.cpuUsage(cpu);
  const causes = batches.length * size;
  for (const [name, { calls, ms }] of subject.byStatement) {
    const key = `${subject.name}\u0000${size}\u0000${name.replace(/_[0-9a-f]{12}$/, '')}`;
    const total = statementTotals.get(key) ?? { calls: 0, ms: 0, causes: 0 };
    statementTotals.set(key, {
      calls: total.calls + calls,
      ms: total.ms + ms,
      causes: total.causes + causes,
    });
  }
  return {
    subject: subject.name,
    size,
    round,
    causes,
    statementsPerCause: (subject.statements() - statements) / causes,
    notifierMsPerCause: (used.user + used.system) / 1_000 / causes,
    postgresMsPerCause: ((procStat(subject.backendPid).cpuSeconds - backend) * 1_000) / causes,
    batchP50: percentile(times, 50),
    batchP99: percentile(times, 99),
  };
}

const median = (values: number[]) => percentile(values, 50);

/** Per subject, batch size and statement: calls, round-trip ms and causes over measured rounds. */
const statementTotals = new Map<string, { calls: number; ms: number; causes: number }>();

function statementRows(): string[][] {
  return [...statementTotals]
    .map(([key, t]) => {
      const [subject, size, name] = key.split('\u0000') as [string, string, string];
      return [size, subject, name, (t.calls / t.causes).toFixed(2), (t.ms / t.calls).toFixed(3)];
    })
    .sort(
      (a, b) =>
        Number(a[0]) - Number(b[0]) || a[1]!.localeCompare(b[1]!) || a[2]!.localeCompare(b[2]!),
    );
}

async function main() {
  const ref = args['compare-ref'];
  const subjects = [await subjectOf('this checkout', REPO_ROOT)];
  if (ref) {
    const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO_ROOT });
    subjects.push(await subjectOf(`at ${sha.toString().trim()}`, await baselineCheckout(ref, log)));
  }
  const clock = new Map(subjects.map((s) => [s.name, Date.now() - 7 * 86_400_000]));
  const results: Measured[] = [];
  try {
    for (const size of BATCH_SIZES) {
      for (let round = 1; round <= ROUNDS; round++) {
        // A B B A: the box's drift over the pair falls on both alike.
        const order = round % 2 === 1 ? subjects : [...subjects].reverse();
        for (const subject of order) {
          const startMs = clock.get(subject.name)!;
          const tag = `${size}-${round}-${subjects.indexOf(subject)}`;
          const warm = traffic(round, `w${tag}`, size, WARMUP, startMs);
          await runBatches(subject, warm.batches);
          const timed = traffic(1_000 + round, `m${tag}`, size, BATCHES, warm.endMs);
          clock.set(subject.name, timed.endMs);
          const measured = await measure(subject, size, round, timed.batches);
          results.push(measured);
          log(
            `${subject.name}, ${size} a batch, round ${round}: ${measured.statementsPerCause.toFixed(2)} statements, notifier ${measured.notifierMsPerCause.toFixed(3)} ms, postgres ${measured.postgresMsPerCause.toFixed(3)} ms a cause; batch p50 ${measured.batchP50.toFixed(2)} ms`,
          );
        }
      }
    }
  } finally {
    await Promise.all(subjects.map((s) => s.cleanup()));
  }
  const rows = BATCH_SIZES.flatMap((size) =>
    subjects.map((subject) => {
      const mine = results.filter((r) => r.size === size && r.subject === subject.name);
      const cells = (pick: (r: Measured) => number, digits: number) =>
        mine.map((r) => pick(r).toFixed(digits)).join(', ');
      return [
        String(size),
        subject.name,
        fmt.int(mine.reduce((sum, r) => sum + r.causes, 0)),
        median(mine.map((r) => r.statementsPerCause)).toFixed(2),
        cells((r) => r.notifierMsPerCause, 3),
        cells((r) => r.postgresMsPerCause, 3),
        cells((r) => r.batchP50, 2),
        cells((r) => r.batchP99, 2),
      ];
    }),
  );
  const report = `# Notifier intake: statements and CPU per cause

${machineMarkdown()}

Method: \`test/bench/notifier-intake.ts\` runs each checkout's notifier intake
(\`createNoticeIntake\` over \`PgOutbox\`, its own source) in this process against a schema of its
own on the shared PostgreSQL, through one connection (so one backend process), with the
notifier's default policies (30 min incidents, 30 s gathering, 5 notices an hour). Traffic:
batches of challenge (75 %) and block decisions, a tenth of the records on 300 accounts under
attack (their causes join open incidents and list in unsent notices), the rest over
${fmt.int(ACCOUNTS)} accounts; decision times 50 ms apart. Closed loop, one batch after the other;
${fmt.int(WARMUP)} batches of warm-up, then ${fmt.int(BATCHES)} measured, per round; rounds
alternate the subjects (A B B A). Statements: every query the connection sent (BEGIN and COMMIT
included). CPU: this process (the notifier's code, pg's client) and the backend's /proc/<pid>/stat,
per cause. No dispatcher runs (notices stay unsent, as during the gathering delay).

${markdownTable(
  [
    'records a batch',
    'subject',
    'causes',
    'statements a cause',
    'notifier CPU ms a cause (per round)',
    'postgres backend CPU ms a cause (per round)',
    'batch p50 ms',
    'batch p99 ms',
  ],
  rows,
)}

Each statement's round trip as the client saw it (send to result, so a lock wait counts), over
the measured rounds:

${markdownTable(['records a batch', 'subject', 'statement', 'calls a cause', 'mean ms'], statementRows())}
`;
  const dir = join(REPO_ROOT, 'test/bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, args.out), report);
  log(`wrote test/bench/results/${args.out}`);
}

await main();
