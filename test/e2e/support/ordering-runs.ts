import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import type { RiskDecision } from '@vigil/events';
import { createEventProducer } from '@vigil/kafka';
import {
  dropSchemas,
  removeStackKafkaNames,
  stackKafkaNames,
  startStack,
  startTopicCollector,
  type LocalSinks,
  type RunningStack,
  type ServiceHandle,
  type TopicCollector,
} from '@vigil/devstack';
import { parsePromText, sumOf } from '../../bench/lib/prom-text.ts';
import {
  createKafkaSink,
  simulate,
  type InboundTopic,
  type SimulatedRecord,
  type SimulateOptions,
} from '@vigil/simulator';
import {
  createKafkaFixture,
  createPgFixture,
  createRedisFixture,
  infraUrls,
  uniqueName,
  waitFor,
} from '@vigil/testing';

// One run of the whole pipeline (case-service, risk-engine, notifier as real processes) on
// simulated traffic, on topics, a Redis prefix and schemas of its own: how the events reach
// Kafka and when the engine reads them is what a run varies; the decisions are what it returns.

const LOGICAL = ['transactions', 'logins', 'account-changes', 'decisions', 'commands', 'feedback'];
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const STACK_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
/** The services' log level (TEST_STACK_LOG_LEVEL, default warn): info to see a run's rebalances. */
function stackLogLevel(): (typeof STACK_LOG_LEVELS)[number] {
  const level = process.env.TEST_STACK_LOG_LEVEL ?? 'warn';
  const known = STACK_LOG_LEVELS.find((l) => l === level);
  if (!known) throw new Error(`TEST_STACK_LOG_LEVEL must be one of ${STACK_LOG_LEVELS.join(', ')}`);
  return known;
}

export interface RunPlan {
  /** Traffic: same seed, start and options in every run of a comparison. */
  traffic: SimulateOptions;
  /** backlog: everything produced before the engine starts; live: produced while it runs. */
  timing: 'backlog' | 'live';
  /** kill -9 the engine once this share of the events is decided, then start a new one. */
  killAt?: number;
  /**
   * This topic is produced only after every event of the other two was decided: all of its
   * events arrive late (an upstream that was down, then caught up).
   */
  lateTopic?: InboundTopic;
  /**
   * Start a second risk-engine replica once this share of the events is decided: the units are
   * split between two replicas for the rest of the stream, each reading at its own pace.
   */
  secondReplicaAt?: number;
  /** Extra risk-engine settings (e.g. ORDER_IDLE_MS). */
  engineEnv?: Record<string, string>;
  sinks: LocalSinks;
  partitions?: number;
}

export interface RunResult {
  decisions: RiskDecision[];
  /** Events the simulator sent (each decided once). */
  events: number;
  killed: boolean;
  /** Decisions published more than once (same eventId), with where and when: for the failure message. */
  repeats: string[];
  logDir: string;
  /** Decisions the second replica published (secondReplicaAt): that it took units at all. */
  secondReplicaDecided?: number;
}

function repeatedDecisions(collector: TopicCollector, topic: string): string[] {
  const byEvent = new Map<string, string[]>();
  for (const record of collector.on(topic)) {
    const decision = record.json as RiskDecision;
    const where = `p${record.partition}@${record.offset} decidedAt=${decision.decidedAt} ${decision.outcome} ${JSON.stringify(decision.followUp ?? null)}`;
    byEvent.set(decision.eventId, [...(byEvent.get(decision.eventId) ?? []), where]);
  }
  return [...byEvent]
    .filter(([, at]) => at.length > 1)
    .map(([id, at]) => `${id}: ${at.join(' | ')}`);
}

async function produce(
  kafka: Kafka,
  topics: Record<string, string>,
  traffic: SimulateOptions,
  keep: (record: SimulatedRecord) => boolean = () => true,
) {
  const producer = createEventProducer({ kafka, registry: new Registry(), logger });
  await producer.connect();
  const sink = createKafkaSink({
    producer,
    topics: {
      'payments.transactions.v1': topics.transactions!,
      'identity.logins.v1': topics.logins!,
      'identity.account-changes.v1': topics['account-changes']!,
    },
  });
  let events = 0;
  try {
    for await (const record of simulate({ ...traffic, beforeWait: () => sink.flush() })) {
      if (!keep(record)) continue;
      await sink.write(record);
      events += 1;
    }
    await sink.close();
  } finally {
    await producer.disconnect();
  }
  return events;
}

/**
 * The ordering tests' traffic: 400 accounts over 2 h with cross-topic attack chains (SIM-swap
 * takeover, credential stuffing → new device → reset → cash-out, impossible travel, brute force,
 * card testing) and benign new phones and trips. Same seed and start → byte-identical events.
 */
export function orderingTraffic(
  seed: number,
  start: number,
  extra: Partial<SimulateOptions> = {},
): SimulateOptions {
  return {
    seed,
    start,
    accounts: 400,
    duration: '2h',
    scenarios: ['sim_swap', 'ato', 'impossible_travel', 'brute_force', 'card_testing'],
    episodesPerScenario: 3,
    chainShare: 0.15,
    runId: `t${seed}`,
    mode: 'backlog',
    ...extra,
  };
}

/** Every record the simulator would send with these options (no Kafka): to know what to expect. */
export async function plannedRecords(traffic: SimulateOptions): Promise<SimulatedRecord[]> {
  const records: SimulatedRecord[] = [];
  for await (const record of simulate({ ...traffic, mode: 'backlog', rate: undefined }))
    records.push(record);
  return records;
}

const originals = (collector: TopicCollector, topic: string) =>
  collector.values<RiskDecision>(topic, (d) => d.followUp === undefined);

/** Runs the pipeline once and returns every decision it published (read_committed). */
export async function runPipeline(plan: RunPlan): Promise<RunResult> {
  const runId = uniqueName('order');
  const [kafka, redis, db] = await Promise.all([
    createKafkaFixture(LOGICAL, { partitions: plan.partitions ?? 3, withDlq: true }),
    createRedisFixture(),
    createPgFixture(),
  ]);
  const topics = kafka.topics;
  const notifierSchema = `${db.schema}_notifier`;
  const stackTopics = {
    transactions: topics.transactions!,
    logins: topics.logins!,
    accountChanges: topics['account-changes']!,
    decisions: topics.decisions!,
    accountCommands: topics.commands!,
    feedback: topics.feedback!,
  };
  let stack: RunningStack | undefined;
  let collector: TopicCollector | undefined;
  try {
    collector = await startTopicCollector(kafka.kafka, [topics.decisions!]);
    const start = () =>
      startStack({
        runId,
        kafkaBrokers: kafka.brokers,
        topics: stackTopics,
        redisUrl: redis.url,
        redisKeyPrefix: redis.keyPrefix,
        databaseUrl: infraUrls().databaseUrl,
        caseSchema: db.schema,
        notifierSchema,
        sinks: plan.sinks,
        topicPartitions: plan.partitions ?? 3,
        logLevel: stackLogLevel(),
        env: { 'risk-engine': plan.engineEnv ?? {} },
      });
    let events: number;
    const decidedAtLeast = (count: number) =>
      waitFor(
        () =>
          new Set(originals(collector!, topics.decisions!).map((d) => d.eventId)).size >= count
            ? true
            : undefined,
        { timeoutMs: 180_000, what: `a decision for each of ${count} events` },
      );
    if (plan.lateTopic !== undefined) {
      const late = plan.lateTopic;
      const onTime = await produce(kafka.kafka, topics, plan.traffic, (r) => r.topic !== late);
      stack = await start();
      await decidedAtLeast(onTime);
      events = onTime + (await produce(kafka.kafka, topics, plan.traffic, (r) => r.topic === late));
    } else if (plan.timing === 'backlog') {
      events = await produce(kafka.kafka, topics, plan.traffic);
      stack = await start();
    } else {
      stack = await start();
      events = await produce(kafka.kafka, topics, plan.traffic);
    }
    /** Waits until this share of the events has its (first) decision. */
    const shareDecided = async (share: number, before: string) => {
      const threshold = Math.floor(events * share);
      await waitFor(
        () => (originals(collector!, topics.decisions!).length >= threshold ? true : undefined),
        { timeoutMs: 120_000, what: `${threshold} decisions before ${before}` },
      );
    };
    let killed = false;
    let secondReplica: ServiceHandle | undefined;
    if (plan.killAt !== undefined) {
      await shareDecided(plan.killAt, 'the kill');
      await stack.killRiskEngine();
      killed = true;
      await stack.restartRiskEngine();
    }
    if (plan.secondReplicaAt !== undefined) {
      await shareDecided(plan.secondReplicaAt, 'the second replica');
      secondReplica = await stack.addRiskEngineReplica();
    }
    await decidedAtLeast(events);
    // Follow-ups come with or after the decisions they revisit: wait until nothing new arrives.
    let seen = -1;
    await waitFor(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const now = collector!.on(topics.decisions!).length;
        if (now === seen) return true;
        seen = now;
        return undefined;
      },
      { timeoutMs: 60_000, what: 'the decisions topic to settle' },
    );
    const secondReplicaDecided =
      secondReplica &&
      sumOf(parsePromText(await secondReplica.metrics()), 'vigil_risk_decisions_total');
    await stack.stop();
    return {
      ...(secondReplicaDecided === undefined ? {} : { secondReplicaDecided }),
      decisions: collector.values<RiskDecision>(topics.decisions!),
      events,
      killed,
      repeats: repeatedDecisions(collector, topics.decisions!),
      logDir: stack.logDir,
    };
  } finally {
    await stack?.stop().catch(() => undefined);
    await collector?.stop();
    try {
      await removeStackKafkaNames(kafka.admin, stackKafkaNames({ runId, topics: stackTopics }));
    } finally {
      await Promise.all([kafka.cleanup(), redis.cleanup(), db.cleanup()]);
      await dropSchemas(infraUrls().databaseUrl, [notifierSchema]);
    }
  }
}
