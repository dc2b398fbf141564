import type { Registry } from 'prom-client';
import {
  accountChangeEvent,
  loginEvent,
  riskFeedback,
  transactionEvent,
  type ScoredEvent,
} from '@vigil/events';
import {
  createAtLeastOncePublisher,
  createConsumerRunner,
  createKafkaClient,
  createOrderedConsumer,
  createTransactionalPublisher,
  ensureTopicsWith,
} from '@vigil/kafka';
import { gatheringFetch, offsetCommitCadence } from '@vigil/config';
import { retryWhileUnavailable } from '@vigil/lifecycle';
import type { Logger, ReadinessCheck } from '@vigil/observability';
import { createCaseRaiserConsumer } from './adapters/kafka-case-raiser.ts';
import { warnOfSmallDecisionLimit } from './adapters/decision-topic-limit.ts';
import { decisionOutputs } from './adapters/kafka-decision-outputs.ts';
import { createRedisClient, isCluster } from './adapters/redis-client.ts';
import { redisHealth } from './adapters/redis-health.ts';
import { RedisClusterFeatureStore } from './adapters/redis-cluster-feature-store.ts';
import { RedisDecisionSubjects } from './adapters/redis-decision-subjects.ts';
import { RedisEventMemory } from './adapters/redis-event-memory.ts';
import { createFeatureStoreMetrics } from './adapters/redis-feature-store-metrics.ts';
import { RedisFeatureStore } from './adapters/redis-feature-store.ts';
import { RedisLockLedger } from './adapters/redis-lock-ledger.ts';
import { createFeedbackHandler } from './app/apply-feedback.ts';
import type { CaseGateway } from './app/ports.ts';
import { createCaseRaiser } from './app/raise-cases.ts';
import { createBatchScorer, type InboundEvent } from './app/score-batch.ts';
import {
  DEFAULT_LATENESS_HORIZON_MINUTES,
  DEFAULT_LOCK_HOLD_MINUTES,
  redisConnectionOf,
  type RiskEngineEnv,
} from './env.ts';
import { riskEngineMetrics } from './metrics.ts';
import type { RuleSet } from '@vigil/rules';

export interface RiskEngineDeps {
  logger: Logger;
  registry: Registry;
  /** Where review and block decisions raise their case (inline or by the case raiser). */
  cases: CaseGateway;
  /** The rule set in force; read once per batch so one batch is scored by one set. */
  ruleSet: () => RuleSet;
}

export interface RunningRiskEngine {
  readiness: ReadinessCheck[];
  /** Shutdown steps in order: intake first, then in-flight work, then clients. */
  stopSteps: { name: string; run: () => Promise<void> }[];
}

type KafkaEnv = Pick<
  RiskEngineEnv,
  | 'KAFKA_BROKERS'
  | 'GROUP_ID'
  | 'FEEDBACK_GROUP_ID'
  | 'TRANSACTIONAL_ID_PREFIX'
  | 'TOPIC_TRANSACTIONS'
  | 'TOPIC_LOGINS'
  | 'TOPIC_ACCOUNT_CHANGES'
  | 'TOPIC_DECISIONS'
  | 'TOPIC_ACCOUNT_COMMANDS'
  | 'TOPIC_FEEDBACK'
  | 'CREATE_TOPICS'
  | 'TOPIC_PARTITIONS'
  | 'MAX_BATCH_RECORDS'
  | 'READINESS_STALL_MS'
  | 'REDIS_KEY_PREFIX'
  | 'SUBJECT_TTL_DAYS'
  | 'CASE_RAISING'
  | 'CASE_RAISER_GROUP_ID'
> &
  Partial<
    Pick<
      RiskEngineEnv,
      | 'PUBLISH_MODE'
      | 'PUBLISH_COMMIT_INTERVAL_MS'
      | 'KAFKA_TRANSACTION_VERSION'
      | 'LOCK_HOLD_MINUTES'
      | 'EVENT_DEDUPE_HOURS'
      | 'EVENT_RESULTS_HOURS'
      | 'ORDER_IDLE_MS'
      | 'ORDER_CONFIRM_WAIT_MS'
      | 'ORDER_OVERLAP_FROM_RECORDS'
      | 'ORDER_BATCH_INTERVAL_MS'
      | 'ORDER_LAG_WAIT_MS'
      | 'MAX_BUFFERED_PER_PARTITION'
      | 'LATENESS_HORIZON_MINUTES'
      | 'KAFKA_FETCH_MIN_BYTES'
      | 'KAFKA_FETCH_MAX_WAIT_MS'
      | 'KAFKA_COMMIT_INTERVAL_MS'
      | 'REDIS_MODE'
      | 'REDIS_URL'
      | 'REDIS_CLUSTER_NODES'
    >
  >;

/** RaiseCase calls in flight per case-raiser batch (the runner works on up to 3 partitions at once). */
const CASE_RAISE_CONCURRENCY = 16;

/**
 * Longest wait between two attempts of a scoring batch that failed (the consumers' 30 s
 * otherwise). Redis calls fail fast during a failover (createRedisClient: no re-sending by the
 * client, so a retry never lands behind calls of the attempt before), and decisions resume at
 * most this long after the promoted replica serves: 9.8 s after a primary's kill in the chaos
 * test with 30 s, against ~4 s of election. An attempt that fails costs a plan and one round
 * trip that is refused at once.
 */
const SCORING_RETRY_MAX_MS = 1_000;

/**
 * Wires the scoring and feedback consumers (and, with CASE_RAISING=decisions-topic, the case
 * raiser) to Redis, Kafka and case-service, and starts them.
 */
export async function startRiskEngine(
  env: KafkaEnv,
  deps: RiskEngineDeps,
  tuning: {
    sessionTimeoutMs?: number;
    heartbeatIntervalMs?: number;
    groupInstanceId?: string;
  } = {},
): Promise<RunningRiskEngine> {
  const { logger, registry } = deps;
  // Every Redis adapter runs on this one client: a single node, or a cluster (REDIS_MODE).
  const redis = createRedisClient(redisConnectionOf(env));
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const horizonMs = (env.LATENESS_HORIZON_MINUTES ?? DEFAULT_LATENESS_HORIZON_MINUTES) * 60_000;
  const featureSettings = {
    keyPrefix: env.REDIS_KEY_PREFIX,
    dedupeTtlMs:
      env.EVENT_DEDUPE_HOURS === undefined ? undefined : env.EVENT_DEDUPE_HOURS * 3_600_000,
    resultsTtlMs:
      env.EVENT_RESULTS_HOURS === undefined ? undefined : env.EVENT_RESULTS_HOURS * 3_600_000,
    metrics: createFeatureStoreMetrics(registry),
    latenessHorizonMs: horizonMs,
  };
  const featureStore = isCluster(redis)
    ? new RedisClusterFeatureStore({ redis, ...featureSettings })
    : new RedisFeatureStore({ redis, ...featureSettings });
  const memory = new RedisEventMemory({
    redis,
    keyPrefix: env.REDIS_KEY_PREFIX,
    horizonMs,
  });
  const subjects = new RedisDecisionSubjects(redis, {
    keyPrefix: env.REDIS_KEY_PREFIX,
    ttlMs: env.SUBJECT_TTL_DAYS * 86_400_000,
  });

  const locks = new RedisLockLedger(redis, {
    keyPrefix: env.REDIS_KEY_PREFIX,
    holdMs: (env.LOCK_HOLD_MINUTES ?? DEFAULT_LOCK_HOLD_MINUTES) * 60_000,
  });

  const kafka = createKafkaClient({
    clientId: 'vigil-risk-engine',
    brokers: env.KAFKA_BROKERS,
    logger,
  });
  if (env.CREATE_TOPICS) {
    const inputs = [env.TOPIC_TRANSACTIONS, env.TOPIC_LOGINS, env.TOPIC_ACCOUNT_CHANGES];
    const others = [env.TOPIC_DECISIONS, env.TOPIC_ACCOUNT_COMMANDS, env.TOPIC_FEEDBACK];
    // A broker still starting is waited out, as every other dependency at start-up.
    const created = await retryWhileUnavailable(
      'kafka topics',
      () =>
        ensureTopicsWith(
          kafka,
          [...inputs, ...others].map((topic) => ({ topic, partitions: env.TOPIC_PARTITIONS })),
          // An input topic an upstream created first sets the count the other two are created with.
          { coPartitioned: [inputs] },
        ),
      logger,
    );
    if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
  }
  await warnOfSmallDecisionLimit(kafka, env.TOPIC_DECISIONS, logger);

  const metrics = riskEngineMetrics(registry);
  const kinds = new Map<string, ScoredEvent['kind']>([
    [env.TOPIC_TRANSACTIONS, 'transaction'],
    [env.TOPIC_LOGINS, 'login'],
    [env.TOPIC_ACCOUNT_CHANGES, 'account_change'],
  ]);
  // Both transactional publishers (decisions, feedback) speak the same transaction protocol.
  const transactionVersion =
    env.KAFKA_TRANSACTION_VERSION === undefined
      ? {}
      : { transactionVersion: env.KAFKA_TRANSACTION_VERSION };
  // Inline, the batch raises its cases before it publishes; otherwise the case raiser does, after.
  const inlineCases = env.CASE_RAISING === 'inline' ? deps.cases : undefined;
  const publisher =
    (env.PUBLISH_MODE ?? 'exactly-once') === 'at-least-once'
      ? createAtLeastOncePublisher({ kafka, registry, logger })
      : createTransactionalPublisher({
          kafka,
          groupId: env.GROUP_ID,
          transactionalIdPrefix: env.TRANSACTIONAL_ID_PREFIX,
          registry,
          logger,
          ...transactionVersion,
        });
  const score = createBatchScorer({
    kindOf: (topic) => {
      const kind = kinds.get(topic);
      if (!kind) throw new Error(`no event kind for topic ${topic}`);
      return kind;
    },
    ruleSet: deps.ruleSet,
    featureStore,
    memory,
    subjects,
    locks,
    inlineCases,
    metrics,
    clock: Date.now,
    logger,
  });
  const outputs = decisionOutputs({
    decisions: env.TOPIC_DECISIONS,
    accountCommands: env.TOPIC_ACCOUNT_COMMANDS,
  });
  // Partition p of the three input topics is one unit; all units of this replica are merged by
  // event time, and each unit's decisions, commands and offsets commit in one transaction.
  const scoring = createOrderedConsumer<InboundEvent>({
    kafka,
    groupId: env.GROUP_ID,
    subscriptions: [
      { topic: env.TOPIC_TRANSACTIONS, schema: transactionEvent },
      { topic: env.TOPIC_LOGINS, schema: loginEvent },
      { topic: env.TOPIC_ACCOUNT_CHANGES, schema: accountChangeEvent },
    ],
    eventTime: (event) => Date.parse(event.occurredAt),
    handler: async ({ records }) => {
      const scored = await score(records);
      return {
        outputs: new Map([...scored.byUnit].map(([unit, produced]) => [unit, outputs(produced)])),
        onCommitted: (units, at) => scored.committed(units, at),
      };
    },
    publisher,
    logger,
    registry,
    maxBatchRecords: env.MAX_BATCH_RECORDS,
    ...(env.ORDER_OVERLAP_FROM_RECORDS === undefined
      ? {}
      : { overlapFromRecords: env.ORDER_OVERLAP_FROM_RECORDS }),
    ...(env.PUBLISH_COMMIT_INTERVAL_MS === undefined
      ? {}
      : { groupCommitIntervalMs: env.PUBLISH_COMMIT_INTERVAL_MS }),
    ...(env.ORDER_BATCH_INTERVAL_MS === undefined
      ? {}
      : { batchIntervalMs: env.ORDER_BATCH_INTERVAL_MS }),
    ...(env.ORDER_IDLE_MS === undefined ? {} : { idleMs: env.ORDER_IDLE_MS }),
    ...(env.ORDER_CONFIRM_WAIT_MS === undefined
      ? {}
      : { confirmWaitMs: env.ORDER_CONFIRM_WAIT_MS }),
    ...(env.ORDER_LAG_WAIT_MS === undefined ? {} : { lagWaitMs: env.ORDER_LAG_WAIT_MS }),
    ...(env.MAX_BUFFERED_PER_PARTITION === undefined
      ? {}
      : { maxBufferedPerPartition: env.MAX_BUFFERED_PER_PARTITION }),
    onStage: (stage, seconds) => metrics.batchStageSeconds.observe({ stage }, seconds),
    stallMs: env.READINESS_STALL_MS,
    retry: { maxDelayMs: SCORING_RETRY_MAX_MS },
    ...tuning,
  });
  // Feedback commits its offsets in the transaction that publishes its retro-hunt follow-ups.
  const feedbackTransactions = createTransactionalPublisher({
    kafka,
    groupId: env.FEEDBACK_GROUP_ID,
    transactionalIdPrefix: env.TRANSACTIONAL_ID_PREFIX,
    registry,
    logger,
    ...transactionVersion,
  });
  const feedback = createConsumerRunner({
    kafka,
    groupId: env.FEEDBACK_GROUP_ID,
    subscriptions: [{ topic: env.TOPIC_FEEDBACK, schema: riskFeedback }],
    handler: createFeedbackHandler({
      featureStore,
      memory,
      ruleSet: deps.ruleSet,
      subjects,
      locks,
      inlineCases,
      publisher: feedbackTransactions,
      outputs,
      metrics,
      clock: Date.now,
    }),
    offsetCommits: 'handler',
    logger,
    registry,
    ...gatheringFetch(env),
    ...tuning,
  });

  // Cases from the decisions topic: committed decisions only, each offset committed once
  // case-service acknowledged the case; a case-service outage stalls this consumer alone.
  const caseRaiser =
    env.CASE_RAISING === 'decisions-topic'
      ? createCaseRaiserConsumer({
          kafka,
          groupId: env.CASE_RAISER_GROUP_ID,
          decisionsTopic: env.TOPIC_DECISIONS,
          raise: createCaseRaiser({
            cases: deps.cases,
            metrics,
            clock: Date.now,
            concurrency: CASE_RAISE_CONCURRENCY,
          }),
          logger,
          registry,
          ...gatheringFetch(env),
          ...offsetCommitCadence(env),
          ...tuning,
        })
      : undefined;

  // A broker outage at boot leaves the process up and not ready rather than crash-looping.
  await retryWhileUnavailable('scoring consumer start', () => scoring.start(), logger);
  await retryWhileUnavailable('feedback consumer start', () => feedback.start(), logger);
  if (caseRaiser)
    await retryWhileUnavailable('case raiser start', () => caseRaiser.start(), logger);
  return {
    readiness: [
      { name: 'kafka', check: () => scoring.health() },
      { name: 'kafka_feedback', check: () => feedback.health() },
      ...(caseRaiser ? [{ name: 'kafka_cases', check: () => caseRaiser.health() }] : []),
      { name: 'redis', check: () => redisHealth(redis) },
    ],
    stopSteps: [
      { name: 'scoring consumer', run: () => scoring.stop() },
      { name: 'feedback consumer', run: () => feedback.stop() },
      ...(caseRaiser ? [{ name: 'case raiser', run: () => caseRaiser.stop() }] : []),
      { name: 'decision producers', run: () => publisher.close() },
      { name: 'feedback transactional producers', run: () => feedbackTransactions.close() },
      { name: 'redis', run: async () => void (await redis.quit()) },
    ],
  };
}
