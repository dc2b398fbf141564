// Chaos under steady traffic (issue 17): two built risk-engine replicas (feature state in a Redis
// Cluster of this file's own), two case-service replicas and two notifiers, all on a Kafka broker
// of this file's own. Faults one after another, traffic running through all of them: SIGKILL an
// engine, a case-service, a notifier; fail over a Redis Cluster primary; SIGKILL a primary (the
// cluster promotes its replica) and start the killed node again from its AOF; restart the broker.
// Then every event has exactly one decision, every review/block its one case alert, every
// challenge/block its one notice per incident, every block one lock command; the wait per fault
// is printed as a table (the README's) and bounded.
// Run alone: bash -c 'source deploy/local/env.sh; pnpm exec vitest run test/integration/chaos.int.test.ts'
import { Kafka, logLevel, type Producer } from 'kafkajs';
import {
  BUILT_ENTRY_POINTS,
  demoContacts,
  dropSchemas,
  freePorts,
  REPO_ROOT,
  seedContactPreferences,
  startLocalSinks,
  type LocalSinks,
  type ServiceName,
  type StackPlan,
} from '@vigil/devstack';
import { createRedisClusterFixture, waitFor, type RedisClusterFixture } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDecisions, type DecisionReader } from '../bench/lib/decision-reader.ts';
import { createLiveTraffic, createStamper } from '../bench/lib/live-traffic.ts';
import { watchOutputs, type OutputWatcher } from '../bench/lib/output-watcher.ts';
import { checkFailures, collectRunChecks } from '../bench/lib/run-checks.ts';
import { startBuiltService, type BuiltServiceProcess } from './support/built-service-process.ts';
import { faultGaps, faultTable, type Fault } from './support/fault-gaps.ts';
import { createPrivateBroker, type PrivateBroker } from './support/private-broker.ts';
import { builtStackPlan, serviceEnv } from './support/stack-env.ts';
import { startSteadyTraffic, type SteadyTraffic } from './support/steady-traffic.ts';

const PARTITIONS = 4; // two units per engine replica
const PER_SECOND = 25;
/** Simulated customers: few enough that a couple of thousand events span attack episodes. */
const ACCOUNTS = 300;
const STEADY_MS = 8_000;
/** Steady traffic after the pipeline caught up with a fault, before the next one. */
const BETWEEN_MS = 4_000;
/**
 * The broker restart is part of the sequence since its stalls were found and fixed (README,
 * Chaos): a transactional producer stuck in ABORTING, a kafkajs connection that kept a cut-off
 * response across its reconnect, a rejoin that gave up when no broker answered FindCoordinator,
 * and consumers that took a rejoin kafkajs gave up on (it went on in its generation) for a
 * rebalance that never ended. VIGIL_CHAOS_BROKER_RESTART=0 leaves it out.
 */
const BROKER_RESTART = process.env.VIGIL_CHAOS_BROKER_RESTART !== '0';
/** The notifier's DISPATCH_BATCH_SIZE default: rows one dispatcher has claimed at once. */
const NOTIFIER_DISPATCH_BATCH = 20;
/** Most events the run can send (the traffic stops earlier, when the last fault settled). */
const EVENT_BUDGET = PER_SECOND * 240;

let broker: PrivateBroker | undefined;
let redis: RedisClusterFixture | undefined;
let sinks: LocalSinks | undefined;
let plan: StackPlan;
let kafka: Kafka;
let producer: Producer | undefined;
let reader: DecisionReader | undefined;
let lockCommands: OutputWatcher | undefined;
const blockedAccounts = new Set<string>();
let traffic: SteadyTraffic | undefined;
const started: { name: string; service: BuiltServiceProcess; ops: string }[] = [];

beforeAll(async () => {
  broker = await createPrivateBroker();
  // Each kept as soon as it is up: if another fails (the broker did once, on a loaded box),
  // afterAll still tears down the cluster and the sinks instead of leaving them running.
  await Promise.all([
    createRedisClusterFixture().then((cluster) => (redis = cluster)),
    startLocalSinks().then((started) => (sinks = started)),
    broker.start(),
  ]);
  plan = await builtStackPlan(sinks!, 10_000);
  plan.options.kafkaBrokers = broker.brokers;
  plan.options.topicPartitions = PARTITIONS;
  plan.options.logLevel = 'info';
  kafka = new Kafka({
    brokers: broker.brokers,
    logLevel: logLevel.NOTHING,
    // The broker restart: reconnect for as long as it takes, not kafkajs's default ~10 s.
    retry: { retries: 60, maxRetryTime: 2_000 },
  });
}, 180_000);

afterAll(async () => {
  await traffic?.stop();
  await Promise.all(started.map(({ service }) => service.terminate(5_000)));
  await reader?.stop().catch(() => undefined);
  await lockCommands?.stop().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  await broker?.cleanup();
  await redis?.cleanup();
  await sinks?.close();
  if (plan)
    await dropSchemas(plan.options.databaseUrl, [
      plan.options.caseSchema,
      plan.options.notifierSchema,
    ]);
}, 120_000);

const ipv4Target = (ports: readonly number[]) =>
  `ipv4:${ports.map((port) => `127.0.0.1:${String(port)}`).join(',')}`;

/** One replica: the plan's environment with ports of its own (`ports`: [main, ops]), plus `extra`. */
async function startReplica(
  name: ServiceName,
  label: string,
  ports: readonly [number, number],
  extra: Record<string, string> = {},
): Promise<BuiltServiceProcess> {
  const [main, ops] = ports;
  const own: StackPlan = {
    ...plan,
    ports: {
      ...plan.ports,
      ...(name === 'case-service' ? { caseGrpc: main, caseOps: ops } : {}),
      ...(name === 'risk-engine' ? { riskOps: ops } : {}),
      ...(name === 'notifier' ? { notifierHttp: main, notifierOps: ops } : {}),
    },
  };
  const { nodeArgs, script } = BUILT_ENTRY_POINTS[name];
  const service = startBuiltService({
    command: process.execPath,
    args: [...nodeArgs, script],
    cwd: REPO_ROOT,
    env: { ...serviceEnv(name, own), ...extra },
  });
  started.push({ name: label, service, ops: `http://127.0.0.1:${String(ops)}` });
  await service.ready(`http://127.0.0.1:${String(ops)}`, 90_000);
  return service;
}

/** Error-level pino lines (level ≥ 50) of every replica, counted by replica and message. */
function errorLines(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { name, service } of started)
    for (const line of service.lines)
      if (typeof line.level === 'number' && line.level >= 50) {
        const key = `${name}: ${String(line.msg)}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
  return counts;
}

/** What the capture received: deliveries, and distinct notification ids among them. */
function distinctDeliveries(capture: LocalSinks): { deliveries: number; distinct: number } {
  const ids = [
    ...capture.smtp.messages.map((mail) => mail.headers.get('message-id') ?? mail.subject),
    ...capture.webhooks.requests.map((request) => String(request.headers['idempotency-key'])),
  ];
  return { deliveries: ids.length, distinct: new Set(ids).size };
}

/**
 * When events have no decision: whether a fresh read_committed reader sees more decisions than
 * the run's reader (then the reader, not the pipeline, is behind), each replica's readiness, and
 * the survivors' last lines.
 */
async function explainLost(
  client: Kafka,
  runReader: DecisionReader,
  produced: readonly string[],
): Promise<void> {
  const fresh = await watchOutputs(client, plan.options.topics.decisions);
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const seen = (ids: ReadonlyMap<string, number>) => produced.filter((id) => ids.has(id)).length;
  log(
    `decided per the run's reader ${seen(runReader.watcher.seenAt)}, per a fresh reader ${seen(fresh.seenAt)}, of ${produced.length}`,
  );
  await fresh.stop();
  for (const { name, service, ops } of started) {
    const ready = await fetch(`${ops}/readyz`)
      .then(async (response) => `${response.status} ${await response.text()}`)
      .catch(() => 'down');
    console.log(`--- ${name}: /readyz ${ready}\n${service.tail()}`);
  }
}

/** The account a lock command (until unlock, `cmd-lock-…`) locks; undefined for other commands. */
const lockedAccount = (command: Record<string, unknown>) =>
  typeof command.commandId === 'string' && command.commandId.startsWith('cmd-lock-')
    ? String(command.accountId)
    : undefined;

const pairOf = async () => (await freePorts(2)) as [number, number];
const log = (line: string) =>
  console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

describe('chaos: replicas killed, Redis primaries failed over and killed, the broker restarted', () => {
  it(
    'keeps every effect exactly once and resumes within bounds after each fault',
    { timeout: 420_000 },
    async () => {
      const cluster = redis!;
      const casePorts = [await pairOf(), await pairOf()];
      // Every client of case-service gets both replicas (grpc-js's ipv4: list, pick_first).
      const caseTarget = ipv4Target(casePorts.map(([grpc]) => grpc));
      // One after the other: both migrate the same schema at start-up.
      const caseA = await startReplica('case-service', 'case-service A', casePorts[0]!);
      await startReplica('case-service', 'case-service B', casePorts[1]!);
      const engineEnv = {
        REDIS_MODE: 'cluster',
        REDIS_CLUSTER_NODES: cluster.startupNodes.join(','),
        CASE_SERVICE_ADDR: caseTarget,
      };
      const [engineA] = await Promise.all([
        startReplica('risk-engine', 'engine A', await pairOf(), engineEnv),
        startReplica('risk-engine', 'engine B', await pairOf(), engineEnv),
      ]);
      const notifierEnv = { CASE_SERVICE_ADDR: caseTarget };
      const notifierA = await startReplica('notifier', 'notifier A', await pairOf(), notifierEnv);
      await startReplica('notifier', 'notifier B', await pairOf(), notifierEnv);
      log('2 case-services, 2 engines (Redis Cluster), 2 notifiers ready');

      const { topics } = plan.options;
      const generated = createLiveTraffic({
        accounts: ACCOUNTS,
        seed: 17,
        runId: plan.options.runId.slice(-20),
      }).take(EVENT_BUDGET);
      await seedContactPreferences({
        databaseUrl: plan.options.databaseUrl,
        schema: plan.options.notifierSchema,
        contacts: demoContacts(generated.map((g) => g.event.accountId)),
      });
      // Blocked accounts come from the run's own reader: the checks wait until it has every
      // decision, while a second consumer of the topic may still be rejoining after the broker
      // restart (CI once counted 5 locked accounts as never blocked that way).
      reader = await readDecisions(kafka, topics.decisions, (decision) => {
        if (decision.outcome === 'block') blockedAccounts.add(String(decision.accountId));
      });
      // Lock commands are per account: a block on an account the engine locked within the hold
      // (LOCK_HOLD_MINUTES, an hour) sends none, so every blocked account gets exactly one.
      lockCommands = await watchOutputs(kafka, topics.accountCommands, { idOf: lockedAccount });
      producer = kafka.producer({ idempotent: true });
      await producer.connect();
      log(`${generated.length} events generated, contacts seeded, readers started`);
      const decided = reader.watcher.seenAt;
      const running = startSteadyTraffic({
        producer,
        topics: {
          transaction: topics.transactions,
          login: topics.logins,
          account_change: topics.accountChanges,
        },
        events: generated,
        perSecond: PER_SECOND,
        stamp: createStamper(),
      });
      traffic = running;
      const trafficStartedAt = performance.now();

      /**
       * Every event sent until now has its decision: the pipeline caught up with what was sent
       * before (and during) the fault. Later events are the next check's.
       */
      const caughtUp = (what: string, timeoutMs: number) => {
        const upTo = [...running.sentAt.keys()];
        return waitFor(() => (upTo.every((id) => decided.has(id)) ? true : undefined), {
          timeoutMs,
          intervalMs: 250,
          what: `decisions caught up after ${what}`,
        }).catch(async (error: unknown) => {
          const pending = upTo.filter((id) => !decided.has(id));
          const now = performance.now();
          const ages = pending
            .slice(0, 5)
            .map(
              (id) => `${id} (sent ${((now - running.sentAt.get(id)!) / 1_000).toFixed(0)} s ago)`,
            );
          log(`${pending.length} of ${upTo.length} events undecided, e.g. ${ages.join(', ')}`);
          await explainLost(kafka, reader!, upTo);
          throw error;
        });
      };
      const faults: Fault[] = [];
      const fault = async (name: string, inject: () => Promise<unknown>) => {
        faults.push({ name, at: performance.now() });
        log(`fault: ${name}`);
        await inject();
        await caughtUp(name, 90_000);
        await new Promise((resolve) => setTimeout(resolve, BETWEEN_MS));
      };
      const kill = async (service: BuiltServiceProcess) => {
        process.kill(service.pid, 'SIGKILL');
        expect(await service.exited).toEqual({ code: null, signal: 'SIGKILL' });
      };

      await new Promise((resolve) => setTimeout(resolve, STEADY_MS));
      const steadyEnd = performance.now();
      await caughtUp('the start', 60_000);
      // p99 event → decision of the events sent in the steady phase's last 4 s, all decided now
      // and none near a fault: what the (loaded) box takes anyway.
      const steadyWaits = [...running.sentAt]
        .filter(([, at]) => at < steadyEnd && at >= steadyEnd - 4_000)
        .map(([id, at]) => decided.get(id)! - at)
        .sort((x, y) => x - y);
      const steadyP99 = Math.round(steadyWaits[Math.floor(steadyWaits.length * 0.99)] ?? 0);
      log(`steady: ${running.sentAt.size} events sent, ${decided.size} decided`);
      await fault('kill -9 risk-engine A', () => kill(engineA));
      await fault('kill -9 case-service A', () => kill(caseA));
      await fault('kill -9 notifier A', () => kill(notifierA));
      await fault('Redis Cluster failover (CLUSTER FAILOVER on a replica)', () =>
        cluster.failover(`${plan.options.redisKeyPrefix}chaos`),
      );
      // A crashed primary: acknowledged writes not yet replicated are lost (Redis replicates
      // asynchronously), the events of its slots wait for the election; then the node comes back
      // from its AOF (everysec) and rejoins as a replica of the promoted one.
      let killedNode: Awaited<ReturnType<RedisClusterFixture['killPrimary']>> | undefined;
      await fault('Redis Cluster primary kill -9 (replica promoted by the cluster)', async () => {
        killedNode = await cluster.killPrimary(`${plan.options.redisKeyPrefix}chaos-kill`);
      });
      await fault('Redis node restart from its AOF (rejoins as a replica)', () =>
        cluster.restart(killedNode!),
      );
      let brokerDownMs = 0;
      if (BROKER_RESTART)
        await fault('Kafka broker restart (stop, start)', async () => {
          const stopping = performance.now();
          await broker!.stop();
          await broker!.start();
          brokerDownMs = performance.now() - stopping;
        });
      await running.stop();
      const trafficEndedAt = performance.now();
      log(`traffic stopped: ${running.produced.length} events sent, ${running.resends} resends`);

      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const checks = await collectRunChecks({
          reader,
          produced: running.produced,
          sinks: sinks!,
          databaseUrl: plan.options.databaseUrl,
          caseSchema: plan.options.caseSchema,
          notifierSchema: plan.options.notifierSchema,
          admin,
          deadLetterTopics: Object.values(topics)
            .map((topic) => `${topic}.dlq`)
            .filter((topic) => existing.has(topic)),
          stallSeconds: 60,
          signal: new AbortController().signal,
        });
        if (checks.lost > 0) await explainLost(kafka, reader, running.produced);
        // The lock commands as a reader started now sees them (the live one may be behind after a
        // broker restart): what the owning service would consume.
        const locks = await watchOutputs(kafka, topics.accountCommands, { idOf: lockedAccount });
        await waitFor(() => (locks.seenAt.size >= blockedAccounts.size ? true : undefined), {
          timeoutMs: 20_000,
        }).catch(() => undefined);
        await locks.stop();
        log(
          `lock commands read live ${lockCommands.seenAt.size}, read at the end ${locks.seenAt.size}`,
        );
        const gaps = faultGaps({
          faults,
          trafficStartedAt,
          trafficEndedAt,
          sentAt: running.sentAt,
          decidedAt: decided,
        });
        log(
          `outcomes ${JSON.stringify(checks.tally.outcomes)}, follow-ups ${checks.tally.followUps}`,
        );
        log(`effects ${JSON.stringify(checks.effects)}`);
        log(
          `lock commands: ${lockCommands.seenAt.size} accounts locked, ${blockedAccounts.size} blocked, ${lockCommands.duplicates} locked twice`,
        );
        log(`error-level lines: ${JSON.stringify(errorLines(), null, 1)}`);
        console.log(`\n${faultTable(gaps)}\n`);

        // A delivery the kill cut off before the outbox marked it sent goes out again with the
        // same notification id (Message-ID / Idempotency-Key, what providers dedupe on): the
        // customer sees each id once. So sent rows are compared with distinct ids delivered.
        const ids = distinctDeliveries(sinks!);
        const sent = checks.effects.noticeStatuses.sent ?? 0;
        log(
          `notices: ${sent} sent, ${ids.distinct} distinct delivered, ${ids.deliveries} deliveries`,
        );
        expect(
          checkFailures({
            ...checks,
            effects: { ...checks.effects, sentVersusDelivered: sent - ids.distinct },
          }),
        ).toEqual([]);
        // Repeats come only from the killed notifier's claimed batch: at most DISPATCH_BATCH_SIZE
        // (20 by default) deliveries were in flight when it died (CI saw 2).
        expect(ids.deliveries - ids.distinct).toBeLessThanOrEqual(NOTIFIER_DISPATCH_BATCH);
        // The mix covers every outcome, so each effect path went through the faults.
        for (const outcome of ['allow', 'challenge', 'review', 'block'] as const)
          expect(checks.tally.outcomes[outcome], outcome).toBeGreaterThan(0);
        expect([...blockedAccounts].filter((id) => !locks.seenAt.has(id))).toEqual([]);
        expect([...locks.seenAt.keys()].filter((id) => !blockedAccounts.has(id))).toEqual([]);
        expect(locks.duplicates).toBe(0);
        expect(gaps.map((g) => g.undecided)).toEqual(gaps.map(() => 0));
        // Every fault here heals by itself: nothing for an operator to act on at error level.
        expect(errorLines()).toEqual({});
        // Issue 17: a killed engine's units are decided again within 10 s, p99 ≤ 15 s. Measured on
        // top of what this box takes anyway (the steady phase's p99, seconds when it is loaded).
        log(`steady phase p99 ${steadyP99} ms; broker down ${Math.round(brokerDownMs)} ms`);
        expect(gaps[0]!.p99Ms - steadyP99).toBeLessThan(15_000);
        // Case-service and notifier are off the decision path, a Redis failover takes ~2 s
        // (cluster-node-timeout), a killed primary that plus an election: bounds for a loaded
        // 2-core box, not tuned.
        for (const gap of gaps.slice(1, 6))
          expect(gap.maxMs - steadyP99, gap.fault).toBeLessThan(15_000);
        // Once the broker is back, the services reconnect by themselves and work off the backlog.
        if (BROKER_RESTART) expect(gaps[6]!.maxMs - brokerDownMs).toBeLessThan(60_000);
      } finally {
        await admin.disconnect();
      }
    },
  );
});
