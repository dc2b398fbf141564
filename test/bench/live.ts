// Live stack benchmark: the built case-service, risk-engine and notifier started as the devstack
// starts them, fed the simulator's traffic open-loop at stepped rates; latency per step, where
// the time goes, CPU and RSS, then exactly-once checks over the whole run.
// Run: pnpm --filter @vigil/system-tests bench:live [--rates 250,500,1000] [--step-seconds 30]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  demoContacts,
  dropSchemas,
  seedContactPreferences,
  removeStackKafkaNames,
  stackKafkaNames,
  startLocalSinks,
  startStack,
  type LocalSinks,
  type RunningStack,
} from '@vigil/devstack';
import {
  createKafkaFixture,
  createPgFixture,
  createRedisFixture,
  infraUrls,
  uniqueName,
  type KafkaFixture,
  type PgFixture,
  type RedisFixture,
} from '@vigil/testing';
import { readDecisions, type DecisionReader } from './lib/decision-reader.ts';
import { LIVE_USAGE, parseLiveArgs } from './lib/live-args.ts';
import { renderLiveReport } from './lib/live-report.ts';
import { runStep, type LiveRig, type StepResult } from './lib/live-step.ts';
import { checkFailures, collectRunChecks } from './lib/run-checks.ts';
import { createStamper } from './lib/live-traffic.ts';
import { startTrafficThread } from './lib/live-traffic-thread.ts';
import { liveMethod } from './lib/live-method.ts';
import { CPU_CONSUMERS, measureIdle } from './lib/live-resources.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { fmt } from './lib/stats.ts';
import { maxSustainableRate } from './lib/step-verdict.ts';

const parsed = parseLiveArgs(process.argv.slice(2));
if (parsed === 'help') {
  console.log(LIVE_USAGE);
  process.exit(0);
}
const args = parsed;
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
// Captured before the run: the load average is the one the run started under.
const machine = machineMarkdown();

const controller = new AbortController();
let firstSignalAt: number | undefined;
const onSignal = () => {
  // pnpm and tsx relay the terminal's SIGINT too: only a later one forces (the child-service
  // exit hook then SIGKILLs the services; topics, schema and keys stay behind).
  if (firstSignalAt !== undefined && Date.now() - firstSignalAt < 1_000) return;
  if (firstSignalAt !== undefined) process.exit(130);
  firstSignalAt = Date.now();
  log(
    'stopping: finishing the send in flight, then stopping the services and cleaning up (Ctrl-C again to force)',
  );
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const LOGICAL = ['transactions', 'logins', 'account-changes', 'decisions', 'commands', 'feedback'];
const PARTITIONS = 3; // the devstack's (and the e2e tests') partition count
// BENCH_IDLE_SECONDS lengthens it, e.g. to profile what the stack costs doing nothing.
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const databaseUrl = infraUrls().databaseUrl;
let kafka: KafkaFixture | undefined;
let redis: RedisFixture | undefined;
let db: PgFixture | undefined;
let sinks: LocalSinks | undefined;
let stack: RunningStack | undefined;
let stackNames: Parameters<typeof stackKafkaNames>[0] | undefined;
let reader: DecisionReader | undefined;
let exitCode = 0;
const steps: StepResult[] = [];
const soak: StepResult[] = [];

try {
  if (args.latenciesDir !== undefined) mkdirSync(args.latenciesDir, { recursive: true });
  [kafka, redis, db, sinks] = await Promise.all([
    createKafkaFixture(LOGICAL, { partitions: PARTITIONS, withDlq: true }),
    createRedisFixture(),
    createPgFixture(),
    startLocalSinks(),
  ]);
  const t = kafka.topics;
  const notifierSchema = `${db.schema}_notifier`;
  // Known before the start: a service that started before another failed has made its own
  // groups and topics (case-service's disputes topics), which the cleanup must remove too.
  stackNames = {
    runId: uniqueName('live'),
    topics: {
      transactions: t.transactions!,
      logins: t.logins!,
      accountChanges: t['account-changes']!,
      decisions: t.decisions!,
      accountCommands: t.commands!,
      feedback: t.feedback!,
    },
  };
  log('starting case-service, risk-engine and notifier (built, services/*/dist/main.js)…');
  stack = await startStack({
    ...stackNames,
    kafkaBrokers: kafka.brokers,
    redisUrl: redis.url,
    redisKeyPrefix: redis.keyPrefix,
    databaseUrl,
    caseSchema: db.schema,
    notifierSchema,
    sinks,
    topicPartitions: PARTITIONS,
    logLevel: args.logLevel,
    env: {
      'risk-engine': { ...args.stackEnv, ...args.engineEnv },
      'case-service': args.stackEnv,
      notifier: args.stackEnv,
    },
    // e.g. BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (written when it drains);
    // BENCH_CASE_NODE_ARGS and BENCH_NOTIFIER_NODE_ARGS likewise for the other two.
    nodeArgs: {
      'risk-engine': nodeArgsFrom(process.env.BENCH_ENGINE_NODE_ARGS),
      'case-service': nodeArgsFrom(process.env.BENCH_CASE_NODE_ARGS),
      notifier: nodeArgsFrom(process.env.BENCH_NOTIFIER_NODE_ARGS),
    },
  });
  log(`stack ready; logs in ${stack.logDir}`);
  reader = await readDecisions(kafka.kafka, t.decisions!);
  const idle = await measureIdle(stack, redis.redis, IDLE_SECONDS);
  log(
    `idle stack: CPU ms/s ${CPU_CONSUMERS.map((c) => `${c} ${fmt.ratio(idle.cpuMsPerEvent[c])}`).join(', ')}`,
  );
  const producer = kafka.kafka.producer({ idempotent: true });
  await producer.connect();
  // In a thread of its own: the simulator's state (~160 MiB per 20,000 accounts) would otherwise
  // be marked by every major GC of the thread that sends on schedule and timestamps decisions.
  const traffic = startTrafficThread({
    accounts: args.accounts,
    seed: args.seed,
    runId: `live${Date.now().toString(36)}`,
  });
  const seeded = new Set<string>();
  const rig: LiveRig = {
    stack,
    producer,
    topics: {
      transaction: t.transactions!,
      login: t.logins!,
      account_change: t['account-changes']!,
    },
    reader,
    redis: redis.redis,
    take: (count) => traffic.take(count),
    async prepare(events) {
      const fresh = [...new Set(events.map((g) => g.event.accountId))].filter(
        (id) => !seeded.has(id),
      );
      fresh.forEach((id) => seeded.add(id));
      await seedContactPreferences({
        databaseUrl,
        schema: notifierSchema,
        contacts: demoContacts(fresh),
      });
    },
    stamp: createStamper(),
    produced: [],
    signal: controller.signal,
  };
  const bounds = { targetP99Ms: args.targetP99Ms, stopP99Ms: args.stopP99Ms };
  const latencies = args.latenciesDir === undefined ? {} : { latenciesDir: args.latenciesDir };
  const describeStep = (s: StepResult) =>
    `${s.label}: offered ${s.perSecond}/s sent ${fmt.int(s.achievedSendPerSecond)}/s decided ${fmt.int(s.achievedDecisionsPerSecond)}/s, p50 ${fmt.ms(s.latency.p50)} p95 ${fmt.ms(s.latency.p95)} p99 ${fmt.ms(s.latency.p99)} max ${fmt.ms(s.latency.max)}, missing ${s.missing}, ${s.verdict.sustainable ? 'sustainable' : s.verdict.notes.join('; ')}`;

  try {
    for (const [i, perSecond] of args.rates.entries()) {
      if (controller.signal.aborted) break;
      const warmupSeconds = i === 0 ? args.firstWarmupSeconds : args.warmupSeconds;
      log(
        `step ${i + 1}: ${perSecond} events/s (${warmupSeconds} s warm-up, ${args.stepSeconds} s measured)`,
      );
      const step = await runStep(rig, {
        label: `${perSecond}/s`,
        perSecond,
        warmupSeconds,
        seconds: args.stepSeconds,
        drainSeconds: args.drainSeconds,
        bounds,
        ...latencies,
      });
      if (controller.signal.aborted) break;
      steps.push(step);
      log(describeStep(step));
      if (step.verdict.stop) {
        log(`stopping the steps: ${step.verdict.notes.join('; ')}`);
        break;
      }
    }
    if (controller.signal.aborted) throw new Error('aborted');
    const max = maxSustainableRate(steps);
    log(`max sustainable rate: ${max === undefined ? 'none' : `${max} events/s`}`);
    const soakRate = max === undefined ? undefined : Math.max(1, Math.round(max / 2));
    for (let minute = 1; soakRate !== undefined && minute <= args.soakMinutes; minute += 1) {
      if (controller.signal.aborted) break;
      const step = await runStep(rig, {
        label: `minute ${minute}`,
        perSecond: soakRate,
        warmupSeconds: 0,
        seconds: 60,
        drainSeconds: args.drainSeconds,
        bounds,
        ...latencies,
      });
      if (controller.signal.aborted) break;
      soak.push(step);
      log(`soak ${describeStep(step)}; RSS risk-engine ${fmt.mib(step.rssBytes['risk-engine'])}`);
    }
    if (controller.signal.aborted) throw new Error('aborted');

    log(`correctness: waiting for all ${fmt.int(rig.produced.length)} events to be decided…`);
    const checks = await collectRunChecks({
      reader,
      produced: rig.produced,
      sinks,
      databaseUrl,
      caseSchema: db.schema,
      notifierSchema,
      admin: kafka.admin,
      deadLetterTopics: Object.values(t).map((topic) => `${topic}.dlq`),
      stallSeconds: Math.max(30, args.drainSeconds),
      signal: controller.signal,
    });
    if (controller.signal.aborted) throw new Error('aborted');
    const failures = checkFailures(checks);
    const report = renderLiveReport({
      machine,
      method: liveMethod({ args, partitions: PARTITIONS, generations: traffic.generations() }),
      steps,
      soak,
      idle,
      maxSustainable: max,
      targetP99Ms: args.targetP99Ms,
      checks,
    });
    console.log(`\n${report}`);
    mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'test/bench/results/live.md'), report);
    if (failures.length > 0) {
      log(`correctness FAILED: ${failures.join('; ')}`);
      exitCode = 1;
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
    await traffic.close();
  }
} catch (error) {
  if (controller.signal.aborted) exitCode = 130;
  else {
    console.error(`bench:live failed: ${error instanceof Error ? error.stack : String(error)}`);
    exitCode = 1;
  }
} finally {
  await reader?.stop().catch(() => undefined);
  if (stack !== undefined) {
    try {
      const exits = await stack.stop();
      log(
        `services stopped: ${Object.entries(exits)
          .map(([n, e]) => `${n} exit ${String(e.code)}`)
          .join(', ')}`,
      );
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      exitCode = exitCode || 1;
    }
  }
  await sinks?.close().catch(() => undefined);
  // What the services left on the broker (their groups, the disputes topics case-service made)
  // and the reader's group.
  const names = stackNames === undefined ? { groups: [], topics: [] } : stackKafkaNames(stackNames);
  const groups = [...names.groups, ...(reader === undefined ? [] : [reader.watcher.groupId])];
  const problems: string[] = [];
  const attempt = async (what: string, step: () => Promise<unknown> | undefined) => {
    try {
      await step();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // Groups first: the topic fixture's cleanup disconnects the admin client.
  if (kafka !== undefined) {
    const admin = kafka.admin;
    await attempt('consumer groups and disputes topics', () =>
      removeStackKafkaNames(admin, { groups, topics: names.topics }),
    );
  }
  await Promise.all([
    attempt('topics', () => kafka?.cleanup()),
    attempt('Redis keys', () => redis?.cleanup()),
    attempt('case schema', () => db?.cleanup()),
    attempt('notifier schema', () => db && dropSchemas(databaseUrl, [`${db.schema}_notifier`])),
  ]);
  if (problems.length > 0) console.error(`cleanup incomplete: ${problems.join('; ')}`);
  else log("removed the run's topics, consumer groups, schemas and Redis keys");
}
// kafkajs and ioredis leave timers behind; everything is stopped and written, so leave now.
process.exit(exitCode);

function nodeArgsFrom(value: string | undefined): string[] {
  return (value ?? '').split(' ').filter(Boolean);
}
