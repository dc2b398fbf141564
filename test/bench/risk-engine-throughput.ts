// Risk-engine benchmark: pass-through baselines vs the real engine on the same pre-loaded
// events and broker, Redis round trips per event, event→decision latency at fixed rates, RSS.
// Run: pnpm --filter @vigil/system-tests bench:risk-engine [--events 60000] [--rounds 2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { accountChangeEvent, loginEvent, transactionEvent } from '@vigil/events';
import type { Subscription } from '@vigil/kafka';
import { loadRuleSetFile } from '@vigil/risk-engine/src/adapters/rule-set-file.ts';
import { createKafkaFixture, createRedisFixture, uniqueName } from '@vigil/testing';
import { createEventMix } from './lib/event-mix.ts';
import { preload, type TopicsByKind } from './lib/kafka-load.ts';
import { measureLatency, type LatencyResult } from './lib/latency-phase.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { renderRiskEngineReport, rateOf, type Run } from './lib/risk-engine-report.ts';
import { watchOutputs } from './lib/output-watcher.ts';
import { startPassThrough, type PassThroughMode } from './lib/pass-through.ts';
import { startEngineUnderTest } from './lib/risk-engine-run.ts';
import { fmt, ratePerSecond } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '2' },
    accounts: { type: 'string', default: '50000' },
    'history-hours': { type: 'string', default: '2' },
    'latency-seconds': { type: 'string', default: '20' },
    fractions: { type: 'string', default: '0.25,0.5' },
  },
});
const N = Number(args.events);
const ROUNDS = Number(args.rounds);
const LATENCY_MS = Number(args['latency-seconds']) * 1_000;
const FRACTIONS = args.fractions.split(',').map(Number);
// The engine's defaults except partitions: 3 per input topic, up to 12 partitions in flight, 500 per slice.
const TUNING = { partitions: 3, partitionsConcurrency: 12, maxBatchRecords: 500 };
const RUN_TIMEOUT_MS = 240_000;

const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' });
const rss = () => process.memoryUsage().rss;
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
// Captured before the run: the load average is the one the run started under.
const machine = machineMarkdown();
const memory: { when: string; rss: number }[] = [{ when: 'start', rss: rss() }];

const fx = await createKafkaFixture(
  ['transactions', 'logins', 'account-changes', 'decisions', 'commands', 'feedback'],
  { partitions: TUNING.partitions, withDlq: true },
);
const topics = {
  transactions: fx.topics.transactions!,
  logins: fx.topics.logins!,
  accountChanges: fx.topics['account-changes']!,
  decisions: fx.topics.decisions!,
  commands: fx.topics.commands!,
  feedback: fx.topics.feedback!,
};
const byKind: TopicsByKind = {
  transaction: topics.transactions,
  login: topics.logins,
  account_change: topics.accountChanges,
};
const subscriptions: Subscription<unknown>[] = [
  { topic: topics.transactions, schema: transactionEvent },
  { topic: topics.logins, schema: loginEvent },
  { topic: topics.accountChanges, schema: accountChangeEvent },
];
const ruleSet = await loadRuleSetFile(
  join(REPO_ROOT, 'services/risk-engine/config/rules.default.yaml'),
);
const mix = createEventMix({
  seed: 20261124,
  accounts: Number(args.accounts),
  idPrefix: uniqueName('b'),
});
const producer = fx.kafka.producer({ idempotent: true });

const runs: Run[] = [];
const redisProbe = await createRedisFixture();
/** redis-server's own CPU seconds (INFO cpu); the server is shared, so this is an upper bound for us. */
async function redisCpuSeconds(): Promise<number> {
  const info = await redisProbe.redis.info('cpu');
  const field = (name: string) =>
    Number(info.match(new RegExp(`^${name}:([\\d.]+)`, 'm'))?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Events/s from the first output batch being visible to the N-th output (group join excluded). */
async function measure(
  name: string,
  round: number,
  outputTopic: string,
  start: () => Promise<{ stop(): Promise<void> }>,
) {
  const watcher = await watchOutputs(fx.kafka, outputTopic);
  const cpu0 = { node: process.cpuUsage(), redis: await redisCpuSeconds() };
  const subject = await start();
  try {
    await watcher.until(N, RUN_TIMEOUT_MS);
    const node = process.cpuUsage(cpu0.node);
    const redisCpuMs = (((await redisCpuSeconds()) - cpu0.redis) * 1_000) / N;
    const { firstAt, firstCount, lastAt } = watcher.stats();
    const run: Run = {
      name,
      round,
      events: N - firstCount,
      seconds: (lastAt - firstAt) / 1_000,
      duplicates: watcher.duplicates,
      nodeCpuMs: (node.user + node.system) / 1_000 / N,
      redisCpuMs,
    };
    runs.push(run);
    log(
      `${name} round ${round}: ${fmt.int(ratePerSecond(run.events, run.seconds * 1_000))} events/s (${run.events} in ${run.seconds.toFixed(2)} s, duplicates ${run.duplicates}, CPU ms/event node ${run.nodeCpuMs.toFixed(3)} redis ${run.redisCpuMs.toFixed(3)})`,
    );
  } finally {
    await subject.stop();
    await watcher.stop();
  }
}

const rate = (name: string) => rateOf(runs, name);
let engineDuplicates: number | undefined;
const rows: { latency: string[][]; redis: string; diagnostics: string[][] } = {
  latency: [],
  redis: 'n/a',
  diagnostics: [],
};
try {
  await producer.connect();
  // Pre-loaded events happened over the last hours (event time drives every rule window), not
  // all in the second it takes to write them; live events during the latency phase use now.
  const historyMs = Number(args['history-hours']) * 3_600_000;
  const historyStart = Date.now() - historyMs;
  const loaded = await preload(producer, byKind, N, (i) =>
    mix.next(historyStart + (i * historyMs) / N),
  );
  log(`pre-loaded ${N} events in ${loaded.seconds.toFixed(1)} s`);
  memory.push({ when: 'after pre-load', rss: rss() });

  let engineRunning: Awaited<ReturnType<typeof startEngineUnderTest>> | undefined;
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const mode of ['plain', 'transactional'] as PassThroughMode[]) {
      const out = await fx.createTopic(`passthrough-${mode}`, TUNING.partitions);
      await measure(`pass-through (${mode})`, round, out, () =>
        startPassThrough({
          kafka: fx.kafka,
          groupId: uniqueName(`bench-pass-${mode}`),
          subscriptions,
          outputTopic: out,
          mode,
          transactionalIdPrefix: uniqueName('bench-pass-tx'),
          logger,
          ...TUNING,
        }),
      );
    }
    const decisions = await fx.createTopic('decisions', TUNING.partitions);
    const last = round === ROUNDS;
    await measure('risk engine', round, decisions, async () => {
      const engine = await startEngineUnderTest(
        fx,
        { ...topics, decisions },
        { ruleSet, logger, ...TUNING },
      );
      return {
        stop: async () => {
          const trips = await engine.counter('vigil_risk_redis_round_trips_total');
          rows.redis = `${(trips / N).toFixed(4)} (${fmt.int(trips)} round trips / ${fmt.int(N)} events; cases raised ${fmt.int(engine.cases.raised)})`;
          log(`redis round trips per event: ${rows.redis}`);
          const d = await engine.diagnostics();
          rows.diagnostics = [
            [
              'decisions by outcome',
              Object.entries(d.outcomes)
                .map(([o, n]) => `${o} ${fmt.int(n)}`)
                .join(', '),
            ],
            [
              'top enforced rule hits',
              d.topRules.map((r) => `${r.rule} ${fmt.int(r.hits)}`).join(', '),
            ],
            [
              'scored batches (mean events per batch)',
              `${fmt.int(d.scoringBatches)} (${(N / d.scoringBatches).toFixed(1)})`,
            ],
            ['mean scoring time per batch (Redis + rules)', fmt.ms(d.meanScoringMs)],
            ['mean feature-store Redis call', fmt.ms(d.meanRedisMs)],
          ];
          log(`diagnostics: ${JSON.stringify(rows.diagnostics)}`);
          // The last engine stays up for the latency phase (on its own decisions topic).
          if (last) engineRunning = engine;
          else await engine.stop();
        },
      };
    });
    if (last) topics.decisions = decisions;
  }
  memory.push({ when: 'after throughput runs', rss: rss() });

  const engineRate = rate('risk engine');
  const latencyRow = (subject: string, fraction: number, r: LatencyResult) => {
    log(
      `  ${subject} at ${r.perSecond}/s: p50 ${fmt.ms(r.latency.p50)} p95 ${fmt.ms(r.latency.p95)} p99 ${fmt.ms(r.latency.p99)} missing ${r.missing}, event-loop delay p99 ${fmt.ms(r.eventLoopDelayP99Ms)}`,
    );
    rows.latency.push([
      subject,
      `${fraction * 100}% of engine max`,
      fmt.int(r.perSecond),
      fmt.int(r.achievedPerSecond),
      fmt.int(r.events),
      fmt.int(r.missing),
      fmt.ms(r.latency.p50),
      fmt.ms(r.latency.p95),
      fmt.ms(r.latency.p99),
      fmt.ms(r.latency.max),
      fmt.ms(r.eventLoopDelayP99Ms),
    ]);
  };
  const live = () => mix.next(Date.now());

  // The engine of the last round is warm and idle: feed it at fixed fractions of its max.
  const watcher = await watchOutputs(fx.kafka, topics.decisions);
  await watcher.until(N, RUN_TIMEOUT_MS);
  try {
    for (const fraction of FRACTIONS) {
      const perSecond = Math.max(1, Math.round(engineRate * fraction));
      log(
        `latency: risk engine at ${fraction * 100}% of max = ${perSecond}/s for ${LATENCY_MS / 1_000} s`,
      );
      latencyRow(
        'risk engine',
        fraction,
        await measureLatency({
          producer,
          topics: byKind,
          watcher,
          perSecond,
          durationMs: LATENCY_MS,
          next: live,
        }),
      );
      memory.push({ when: `after engine latency at ${fraction * 100}%`, rss: rss() });
    }
    log(`duplicate decisions over the whole engine run: ${watcher.duplicates}`);
    engineDuplicates = watcher.duplicates;
  } finally {
    await watcher.stop();
    await engineRunning?.stop();
  }

  // Same rates through the transactional pass-through (fresh input topics, warmed up first):
  // the latency floor of consume → Kafka transaction → read_committed, without scoring.
  const passTopics: TopicsByKind = {
    transaction: await fx.createTopic('lat-transactions', TUNING.partitions),
    login: await fx.createTopic('lat-logins', TUNING.partitions),
    account_change: await fx.createTopic('lat-account-changes', TUNING.partitions),
  };
  const passOut = await fx.createTopic('lat-passthrough', TUNING.partitions);
  const passWatcher = await watchOutputs(fx.kafka, passOut);
  const pass = await startPassThrough({
    kafka: fx.kafka,
    groupId: uniqueName('bench-pass-latency'),
    subscriptions: [
      { topic: passTopics.transaction, schema: transactionEvent },
      { topic: passTopics.login, schema: loginEvent },
      { topic: passTopics.account_change, schema: accountChangeEvent },
    ],
    outputTopic: passOut,
    mode: 'transactional',
    transactionalIdPrefix: uniqueName('bench-pass-latency-tx'),
    logger,
    ...TUNING,
  });
  try {
    await preload(producer, passTopics, 500, live);
    await passWatcher.until(500, RUN_TIMEOUT_MS);
    for (const fraction of FRACTIONS) {
      const perSecond = Math.max(1, Math.round(engineRate * fraction));
      log(`latency: transactional pass-through at ${perSecond}/s for ${LATENCY_MS / 1_000} s`);
      latencyRow(
        'pass-through (transactional)',
        fraction,
        await measureLatency({
          producer,
          topics: passTopics,
          watcher: passWatcher,
          perSecond,
          durationMs: LATENCY_MS,
          next: live,
        }),
      );
    }
  } finally {
    await pass.stop();
    await passWatcher.stop();
  }
} finally {
  await producer.disconnect();
  await redisProbe.cleanup();
  await fx.cleanup();
}

const report = renderRiskEngineReport({
  machine,
  events: N,
  accounts: Number(args.accounts),
  historyHours: args['history-hours'],
  tuning: TUNING,
  ruleCount: ruleSet.rules.length,
  runs,
  redis: rows.redis,
  diagnostics: rows.diagnostics,
  latency: rows.latency,
  latencySeconds: LATENCY_MS / 1_000,
  engineDuplicates,
  memory,
});
console.log(`\n${report}`);
mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test/bench/results/risk-engine.md'), report);
// kafkajs and ioredis leave timers behind; the results are written, so leave now.
process.exit(0);
