// Entry of a benchmark subject process (see bench-subject.ts): starts the risk engine or a
// pass-through consumer, serves /metrics on an ephemeral port, prints one JSON "ready" line with
// that port, and drains on SIGTERM.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { accountChangeEvent, loginEvent, transactionEvent } from '@vigil/events';
import { createKafkaClient, DEFAULT_STALL_MS } from '@vigil/kafka';
import { startOpsServer } from '@vigil/observability';
import { loadRuleSetFile } from '@vigil/risk-engine/src/adapters/rule-set-file.ts';
import { createGrpcCaseGateway } from '@vigil/risk-engine/src/adapters/grpc-case-gateway.ts';
import { DEFAULT_CASE_RAISING, riskEngineEnv } from '@vigil/risk-engine/src/env.ts';
import { startRiskEngine } from '@vigil/risk-engine/src/risk-engine-app.ts';
import { benchSubject } from './bench-subject.ts';
import { delayedCases } from './delayed-cases.ts';
import { InstantCases } from './instant-cases.ts';
import { startPassThrough } from './pass-through.ts';

/**
 * The engine settings a benchmark overrides (ORDER_IDLE_MS …), each validated as the service does
 * (the checks across settings, e.g. REDIS_URL for REDIS_MODE=single, apply to the whole set:
 * zod refuses partial() of a schema that has them, so the shape is taken without them).
 */
function engineSettings(env: Record<string, string>) {
  const parsed = z.object(riskEngineEnv.shape).partial().parse(env);
  return Object.fromEntries(Object.entries(parsed).filter(([name]) => name in env));
}

/**
 * What the service takes from its environment's defaults for the consumers off the decision path
 * (its case raiser): gathering fetches and a commit cadence. An env built by hand leaves them
 * out and those consumers fetch after every transaction, which a deployed engine does not.
 */
function offPathDefaults() {
  const { KAFKA_FETCH_MIN_BYTES, KAFKA_FETCH_MAX_WAIT_MS, KAFKA_COMMIT_INTERVAL_MS } =
    riskEngineEnv.shape;
  return {
    KAFKA_FETCH_MIN_BYTES: KAFKA_FETCH_MIN_BYTES.parse(undefined),
    KAFKA_FETCH_MAX_WAIT_MS: KAFKA_FETCH_MAX_WAIT_MS.parse(undefined),
    KAFKA_COMMIT_INTERVAL_MS: KAFKA_COMMIT_INTERVAL_MS.parse(undefined),
  };
}

const config = benchSubject.parse(JSON.parse(process.env.BENCH_SUBJECT ?? 'null'));
const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' });
const registry = new Registry();

async function start(): Promise<() => Promise<void>> {
  if (config.kind === 'engine') {
    const ruleSet = await loadRuleSetFile(config.rulesFile);
    const grpc = config.cases && createGrpcCaseGateway(config.cases);
    const cases =
      grpc && config.cases ? delayedCases(grpc, config.cases.delayMs) : new InstantCases(registry);
    const engine = await startRiskEngine(
      {
        KAFKA_BROKERS: config.brokers,
        GROUP_ID: config.groupId,
        FEEDBACK_GROUP_ID: `${config.groupId}-feedback`,
        TRANSACTIONAL_ID_PREFIX: config.transactionalIdPrefix,
        TOPIC_TRANSACTIONS: config.topics.transactions,
        TOPIC_LOGINS: config.topics.logins,
        TOPIC_ACCOUNT_CHANGES: config.topics.accountChanges,
        TOPIC_DECISIONS: config.topics.decisions,
        TOPIC_ACCOUNT_COMMANDS: config.topics.commands,
        TOPIC_FEEDBACK: config.topics.feedback,
        CREATE_TOPICS: false,
        TOPIC_PARTITIONS: config.partitions,
        MAX_BATCH_RECORDS: config.maxBatchRecords,
        READINESS_STALL_MS: DEFAULT_STALL_MS,
        REDIS_URL: config.redisUrl,
        REDIS_KEY_PREFIX: config.redisKeyPrefix,
        SUBJECT_TTL_DAYS: 1,
        CASE_RAISING: DEFAULT_CASE_RAISING,
        CASE_RAISER_GROUP_ID: `${config.groupId}-cases`,
        ...offPathDefaults(),
        ...engineSettings(config.env),
      },
      { logger, registry, cases, ruleSet: () => ruleSet },
    );
    return async () => {
      for (const step of engine.stopSteps) await step.run();
      grpc?.close();
    };
  }
  const kafka = createKafkaClient({
    clientId: 'bench-pass-through',
    brokers: config.brokers,
    logger,
  });
  const pass = await startPassThrough({
    kafka,
    groupId: config.groupId,
    subscriptions: [
      { topic: config.topics.transactions, schema: transactionEvent },
      { topic: config.topics.logins, schema: loginEvent },
      { topic: config.topics.accountChanges, schema: accountChangeEvent },
    ],
    outputTopic: config.outputTopic,
    mode: config.mode,
    transactionalIdPrefix: config.transactionalIdPrefix,
    logger,
    registry,
    partitionsConcurrency: config.partitionsConcurrency,
    maxBatchRecords: config.maxBatchRecords,
  });
  return () => pass.stop();
}

const stop = await start();
const ops = await startOpsServer({ port: 0, host: '127.0.0.1', registry, readiness: [] });
process.stdout.write(`${JSON.stringify({ ready: true, opsPort: ops.port })}\n`);
process.once('SIGTERM', () => {
  void stop()
    .then(() => ops.close())
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      process.stderr.write(`stop failed: ${String(error)}\n`);
      process.exit(1);
    });
});
