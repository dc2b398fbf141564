// Case raising A/B: event→decision latency with cases raised inline (each batch waits on RaiseCase
// before it publishes) and from the decisions topic (the engine's case raiser, after publication),
// against a real case-service process, at its own speed and slowed by a fixed delay per call.
// Run: pnpm --filter @vigil/system-tests bench:case-raising [--rates 250,1000] [--seconds 20]
//      [--rounds 2] [--flagged 0.01] [--slow-ms 50]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { TransactionEvent } from '@vigil/events';
import {
  createKafkaFixture,
  createRedisFixture,
  infraUrls,
  uniqueName,
  waitFor,
} from '@vigil/testing';
import { spawnCaseService } from './lib/case-service-process.ts';
import { latencyAnatomy } from './lib/engine-diagnostics.ts';
import { createEventMix, type GeneratedEvent } from './lib/event-mix.ts';
import type { TopicsByKind } from './lib/kafka-load.ts';
import { measureLatency } from './lib/latency-phase.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';
import { watchOutputs } from './lib/output-watcher.ts';
import { sumOf, type PromSample } from './lib/prom-text.ts';
import { fmt } from './lib/stats.ts';
import { spawnSubject } from './lib/subject-process.ts';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '250,1000' },
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    /** Share of events made review-worthy (a payment over the basic tier's single limit). */
    flagged: { type: 'string', default: '0.01' },
    /** Delay added to every RaiseCase in the "slowed" configurations. */
    'slow-ms': { type: 'string', default: '50' },
    accounts: { type: 'string', default: '20000' },
  },
});
const RATES = args.rates.split(',').map(Number);
const DURATION_MS = Number(args.seconds) * 1_000;
const ROUNDS = Number(args.rounds);
const FLAGGED = Number(args.flagged);
const SLOW_MS = Number(args['slow-ms']);
const PARTITIONS = 3;
const RULES_FILE = join(REPO_ROOT, 'services/risk-engine/config/rules.default.yaml');
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const machine = machineMarkdown();

type Mode = 'inline' | 'decisions-topic';
const CONFIGS: { mode: Mode; delayMs: number }[] = [
  { mode: 'inline', delayMs: 0 },
  { mode: 'decisions-topic', delayMs: 0 },
  { mode: 'inline', delayMs: SLOW_MS },
  { mode: 'decisions-topic', delayMs: SLOW_MS },
];

// Over the basic tier's single-payment limit in every home currency of the mix: review.
const OVER_BASIC_LIMIT: Record<string, number> = {
  JPY: 30_000,
  USD: 20_000,
  EUR: 20_000,
  CNY: 150_000,
};
function flagger(seed: number): (generated: GeneratedEvent) => GeneratedEvent {
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  return (generated) => {
    if (generated.kind !== 'transaction' || random() >= FLAGGED / 0.72) return generated;
    const event: TransactionEvent = {
      ...generated.event,
      status: 'approved',
      account: { ...generated.event.account, tier: 'basic' },
      amount: {
        minor: OVER_BASIC_LIMIT[generated.event.amount.currency] ?? 1_000_000,
        currency: generated.event.amount.currency,
      },
    };
    return { kind: 'transaction', event };
  };
}

/** Observations of a histogram between two snapshots: mean, and the bucket p99 falls in. */
function histogram(before: readonly PromSample[], after: readonly PromSample[], name: string) {
  const count = sumOf(after, `${name}_count`) - sumOf(before, `${name}_count`);
  const sum = sumOf(after, `${name}_sum`) - sumOf(before, `${name}_sum`);
  const buckets = after
    .filter((s) => s.name === `${name}_bucket`)
    .map((s) => ({
      le: Number(s.labels.le === '+Inf' ? Infinity : s.labels.le),
      n: s.value - sumOf(before, `${name}_bucket`, { le: s.labels.le ?? '' }),
    }))
    .sort((a, b) => a.le - b.le);
  const p99 = buckets.find((b) => b.n >= 0.99 * count)?.le ?? Number.NaN;
  return { count, meanMs: count === 0 ? Number.NaN : (sum * 1_000) / count, p99Ms: p99 * 1_000 };
}

// ------------------------------------------------------------------ case-service, as deployed
const base = infraUrls().databaseUrl;
const schema = uniqueName('bench_raising');
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE SCHEMA "${schema}"`);
const token = randomBytes(18).toString('base64url');
const fx = await createKafkaFixture(['commands', 'feedback', 'cs-feedback', 'cs-commands'], {
  partitions: PARTITIONS,
  withDlq: true,
});
const service = await spawnCaseService({
  DATABASE_URL: base,
  DATABASE_SCHEMA: schema,
  KAFKA_BROKERS: infraUrls().kafkaBrokers.join(','),
  FEEDBACK_TOPIC: fx.topics['cs-feedback']!,
  ACCOUNT_COMMANDS_TOPIC: fx.topics['cs-commands']!,
  CASE_CHANGES_CHANNEL: uniqueName('bench_changes'),
  CASE_AUTH_TOKENS: JSON.stringify([{ token, principal: 'risk-engine', role: 'service' }]),
  LOG_LEVEL: process.env.CASE_LOG_LEVEL ?? 'warn',
});
log(`case-service pid ${service.pid} on ${service.grpcAddress}, schema ${schema}`);
const producer = fx.kafka.producer({ idempotent: true });
await producer.connect();

const rows: string[][] = [];
const caseRows: string[][] = [];
try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Alternate the order every round, so a box getting busier or quieter favours neither mode.
    const order = round % 2 === 1 ? CONFIGS : [...CONFIGS].reverse();
    for (const { mode, delayMs } of order) {
      const label = `${mode}, case-service ${delayMs === 0 ? 'as is' : `+${delayMs} ms`}`;
      const inputs: TopicsByKind = {
        transaction: await fx.createTopic('cr-transactions', PARTITIONS),
        login: await fx.createTopic('cr-logins', PARTITIONS),
        account_change: await fx.createTopic('cr-account-changes', PARTITIONS),
      };
      const decisions = await fx.createTopic('cr-decisions', PARTITIONS);
      const redis = await createRedisFixture();
      const idPrefix = uniqueName('cr');
      const mix = createEventMix({
        seed: 20261201 + round,
        accounts: Number(args.accounts),
        idPrefix,
      });
      const flag = flagger(round);
      const live = () => flag(mix.next(Date.now()));
      const watcher = await watchOutputs(fx.kafka, decisions);
      const engine = await spawnSubject({
        kind: 'engine',
        brokers: fx.brokers,
        groupId: uniqueName('bench-cr'),
        transactionalIdPrefix: uniqueName('bench-cr-tx'),
        topics: {
          transactions: inputs.transaction,
          logins: inputs.login,
          accountChanges: inputs.account_change,
          decisions,
          commands: fx.topics.commands!,
          feedback: fx.topics.feedback!,
        },
        partitions: PARTITIONS,
        redisUrl: redis.url,
        redisKeyPrefix: redis.keyPrefix,
        rulesFile: RULES_FILE,
        env: { CASE_RAISING: mode },
        cases: { address: service.grpcAddress, token, deadlineMs: 5_000, delayMs },
        partitionsConcurrency: 12,
        maxBatchRecords: 500,
      });
      try {
        // Warm-up (connections, JIT, the groups joined): not measured.
        await measureLatency({
          producer,
          topics: inputs,
          watcher,
          perSecond: RATES[0]!,
          durationMs: 5_000,
          next: live,
        });
        const start = await engine.metrics();
        for (const perSecond of RATES) {
          const before = await engine.metrics();
          const cpu0 = engine.cpuSeconds();
          const r = await measureLatency({
            producer,
            topics: inputs,
            watcher,
            perSecond,
            durationMs: DURATION_MS,
            next: live,
          });
          const cpuMs = ((engine.cpuSeconds() - cpu0) * 1_000) / r.events;
          const after = await engine.metrics();
          const a = latencyAnatomy(before, after);
          const flagged = ['review', 'block']
            .map(
              (outcome) =>
                sumOf(after, 'vigil_risk_decisions_total', { outcome }) -
                sumOf(before, 'vigil_risk_decisions_total', { outcome }),
            )
            .reduce((x, y) => x + y, 0);
          log(
            `round ${round}, ${label}, ${perSecond}/s: p50 ${fmt.ms(r.latency.p50)} p95 ${fmt.ms(r.latency.p95)} p99 ${fmt.ms(r.latency.p99)} missing ${r.missing}, flagged ${flagged}, effects ${fmt.ms(a.effectsMs)}, ${a.recordsPerBatch.toFixed(1)} records/batch, engine CPU ${cpuMs.toFixed(3)} ms/event`,
          );
          rows.push([
            String(round),
            label,
            fmt.int(perSecond),
            fmt.int(r.achievedPerSecond),
            fmt.int(r.events),
            fmt.int(r.missing),
            fmt.int(flagged),
            a.recordsPerBatch.toFixed(1),
            fmt.ms(a.effectsMs),
            cpuMs.toFixed(3),
            fmt.ms(r.latency.p50),
            fmt.ms(r.latency.p95),
            fmt.ms(r.latency.p99),
            fmt.ms(r.latency.max),
          ]);
        }
        // Every flagged decision's case, once (the case raiser may still be catching up).
        const end = await waitFor(
          async () => {
            const now = await engine.metrics();
            const flagged = ['review', 'block']
              .map((outcome) => sumOf(now, 'vigil_risk_decisions_total', { outcome }))
              .reduce((x, y) => x + y, 0);
            const { rows: found } = await admin.query<{ n: string }>(
              `SELECT count(*) AS n FROM "${schema}".alerts WHERE account_id LIKE $1`,
              [`${idPrefix}-%`],
            );
            const alerts = Number(found[0]!.n);
            return alerts >= flagged ? { now, flagged, alerts } : undefined;
          },
          { timeoutMs: 120_000, intervalMs: 500, what: `the cases of ${label}` },
        );
        const delay = histogram(start, end.now, 'vigil_risk_case_raise_delay_seconds');
        caseRows.push([
          String(round),
          label,
          `${fmt.int(end.flagged)} / ${fmt.int(end.alerts)}`,
          fmt.int(sumOf(end.now, 'vigil_risk_case_raise_failures_total')),
          mode === 'inline' ? 'before the decision' : fmt.ms(delay.meanMs),
          mode === 'inline' ? '' : `≤ ${fmt.ms(delay.p99Ms)}`,
        ]);
        log(`  cases: ${end.flagged} flagged decisions, ${end.alerts} alerts stored`);
      } finally {
        await engine.stop();
        await watcher.stop();
        await redis.cleanup();
      }
    }
  }
} finally {
  await producer.disconnect();
  await service.stop();
  await fx.cleanup();
  await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
  await admin.end();
}

const report = `# Case raising: inline vs from the decisions topic

${machine}

Run: \`bench:case-raising --rates ${args.rates} --seconds ${args.seconds} --rounds ${ROUNDS} --flagged ${FLAGGED} --slow-ms ${SLOW_MS}\`.
The engine (default rule set, fresh topics and Redis prefix per configuration) runs in a process
of its own and raises cases at case-service, itself a separate process on PostgreSQL; "+N ms"
adds that delay to every RaiseCase in the engine (case-service slowed). ${FLAGGED * 100}% of the
events are payments over the basic tier's limit (review), beside the mix's own flags. Latency =
decision read (read_committed) − produce call started, open-loop paced load, after a 5 s warm-up.
Configurations alternate order every round. Engine CPU is the engine process's own (its case
raiser included), per event over the phase. The box is a shared 2-core machine: compare rows of
the same round; absolute numbers move by ±30% between runs.

${markdownTable(
  [
    'round',
    'cases raised',
    'rate/s',
    'achieved/s',
    'events',
    'missing',
    'flagged',
    'records/batch',
    'effects stage (mean)',
    'engine CPU ms/event',
    'p50',
    'p95',
    'p99',
    'max',
  ],
  rows,
)}

Cases: every flagged decision has exactly one alert at case-service (RaiseCase is idempotent on
decisionId); from the decisions topic the case trails its decision by the delay below
(\`vigil_risk_case_raise_delay_seconds\`, p99 as the histogram bucket it falls in).

${markdownTable(
  [
    'round',
    'cases raised',
    'flagged decisions / alerts stored',
    'RaiseCase failures',
    'decision → case (mean)',
    'p99',
  ],
  caseRows,
)}
`;
console.log(`\n${report}`);
mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test/bench/results/case-raising.md'), report);
process.exit(0);
