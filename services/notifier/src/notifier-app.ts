import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { gatheringFetch, groupTimings, offsetCommitCadence } from '@vigil/config';
import { createEventProducer, createKafkaClient } from '@vigil/kafka';
import { retryWhileUnavailable, type RetryPolicy } from '@vigil/lifecycle';
import type { ReadinessCheck } from '@vigil/observability';
import { createGrpcCaseRaiser } from './adapters/grpc-case-raiser.ts';
import { createLinkSigner } from './adapters/hmac-link-signer.ts';
import { startHttpServer } from './adapters/http-server.ts';
import { createKafkaAnswerPublisher } from './adapters/kafka-answer-publisher.ts';
import {
  intakeSubscriptions,
  kafkaIntakeHandler,
  startKafkaIntake,
} from './adapters/kafka-intake.ts';
import { ensureNotifierTopics } from './adapters/kafka-topics.ts';
import { PgContactPreferences } from './adapters/pg-contact-preferences.ts';
import { openNotifierDatabase } from './adapters/pg-database.ts';
import { createPgNoticeRetention } from './adapters/pg-notice-retention.ts';
import { PgOutbox } from './adapters/pg-outbox.ts';
import { PgVerificationAnswers } from './adapters/pg-verification-answers.ts';
import { createVerification } from './app/answer-verification.ts';
import { batchLoop } from './app/batch-loop.ts';
import { createCaseEscalation } from './app/escalate-to-case.ts';
import { createNoticeIntake } from './app/intake-notices.ts';
import { createOutboxDispatcher, dispatchLeaseMs } from './app/outbox-dispatcher.ts';
import { createNoticePruning } from './app/prune-notices.ts';
import type { CaseRaiser } from './app/ports.ts';
import type { NoticePolicies } from './app/record-notices.ts';
import { configuredBrand } from './configured-brand.ts';
import { configuredChannels } from './configured-channels.ts';
import { verifyUrlOf } from './configured-verify-url.ts';
import type { NotifierEnv } from './env.ts';
import { createNotifierMetrics, type NotifierMetrics } from './metrics.ts';

export interface RunningNotifier {
  httpPort: number;
  readiness: ReadinessCheck[];
  /** Named stop steps in drain order: intake first, then in-flight work, then clients. */
  stopSteps: { name: string; run: () => Promise<void> }[];
}

/** One retry policy for sends and case escalation, from settings. */
function retryPolicy(env: NotifierEnv): RetryPolicy {
  return {
    maxAttempts: env.MAX_ATTEMPTS,
    initialDelayMs: env.RETRY_BASE_MS,
    maxDelayMs: env.RETRY_MAX_MS,
    jitter: 0.2,
  };
}

/** How notices group into incidents and how many an account may get, from settings. */
function noticePolicies(env: NotifierEnv): NoticePolicies {
  return {
    incidents: { windowMs: env.NOTICE_INCIDENT_WINDOW_MS, gatherMs: env.NOTICE_GATHER_MS },
    rateLimit: {
      maxPerWindow: env.RATE_LIMIT_MAX,
      windowMs: env.RATE_LIMIT_WINDOW_MS,
      exemptKinds: env.RATE_LIMIT_EXEMPT_KINDS,
    },
  };
}

/** The case escalation loop, or nothing (with a warning) when no case-service is configured. */
function caseEscalationLoop(
  env: NotifierEnv,
  deps: { answers: PgVerificationAnswers; metrics: NotifierMetrics; logger: Logger },
): { raiser: CaseRaiser; loop: ReturnType<typeof batchLoop> } | undefined {
  if (env.CASE_SERVICE_ADDR === undefined || env.CASE_SERVICE_TOKEN === undefined) {
    deps.logger.warn(
      'CASE_SERVICE_ADDR unset: "not me" answers emit fraud feedback and a lock command but raise no case',
    );
    return undefined;
  }
  const raiser = createGrpcCaseRaiser({
    address: env.CASE_SERVICE_ADDR,
    token: env.CASE_SERVICE_TOKEN,
    deadlineMs: 5_000,
  });
  const batchSize = 20;
  const escalation = createCaseEscalation({
    ...deps,
    raiser,
    retry: retryPolicy(env),
    batchSize,
    leaseMs: 30_000,
  });
  const loop = batchLoop({
    name: 'case-escalator',
    useCase: escalation,
    batchSize,
    intervalMs: env.DISPATCH_POLL_MS,
    ...deps,
  });
  return { raiser, loop };
}

/**
 * Builds and starts every part of the notifier from its env. main.ts adds the process concerns
 * (ops server, signals); the end-to-end test starts the same thing against real infrastructure.
 */
export async function startNotifier(
  env: NotifierEnv,
  deps: { logger: Logger; registry: Registry },
): Promise<RunningNotifier> {
  const { logger, registry } = deps;
  const metrics = createNotifierMetrics(registry);
  // Before any connection: a bad logo file is a configuration error, not an outage to wait out.
  const brand = await configuredBrand(env);
  const pool = await openNotifierDatabase(
    {
      url: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA,
      poolMax: env.DATABASE_POOL_MAX,
      migrateOnStart: env.MIGRATE_ON_START,
    },
    logger,
  );
  const outbox = new PgOutbox(pool);
  const answers = new PgVerificationAnswers(pool);
  const signer = createLinkSigner({
    secrets: [
      env.VERIFICATION_SECRET,
      ...(env.VERIFICATION_SECRET_PREVIOUS === undefined ? [] : [env.VERIFICATION_SECRET_PREVIOUS]),
    ],
    ttlMs: env.VERIFICATION_LINK_TTL_MS,
  });
  const channels = configuredChannels(env);
  const contacts = new PgContactPreferences(pool);

  const kafka = createKafkaClient({
    clientId: env.KAFKA_CLIENT_ID,
    brokers: env.KAFKA_BROKERS,
    logger,
  });
  if (env.CREATE_TOPICS) await ensureNotifierTopics(kafka, env, logger);
  const producer = createEventProducer({ kafka, registry, logger });
  await retryWhileUnavailable('kafka producer connect', () => producer.connect(), logger);

  const verification = createVerification({
    signer,
    notifications: outbox,
    answers,
    publisher: createKafkaAnswerPublisher(producer, {
      feedback: env.FEEDBACK_TOPIC,
      accountCommands: env.ACCOUNT_COMMANDS_TOPIC,
    }),
    contacts,
    metrics,
    logger,
  });
  const http = await startHttpServer({
    port: env.HTTP_PORT,
    verification,
    brand,
    notifications: outbox,
    statusApiToken: env.STATUS_API_TOKEN,
    answers,
    readToken: env.NOTIFIER_READ_TOKEN,
    logger,
  });

  const dispatcher = batchLoop({
    name: 'dispatcher',
    useCase: createOutboxDispatcher({
      outbox,
      contacts,
      channels,
      linkSigner: signer,
      verifyUrl: verifyUrlOf(env, http.port, logger),
      retry: retryPolicy(env),
      batchSize: env.DISPATCH_BATCH_SIZE,
      leaseMs: dispatchLeaseMs(env.CHANNEL_TIMEOUT_MS),
      metrics,
      clock: Date.now,
      logger,
    }),
    batchSize: env.DISPATCH_BATCH_SIZE,
    intervalMs: env.DISPATCH_POLL_MS,
    metrics,
    logger,
  });
  const escalation = caseEscalationLoop(env, { answers, metrics, logger });
  const retentionMs = env.NOTICES_RETENTION_DAYS * 86_400_000;
  const retention = batchLoop({
    name: 'retention',
    useCase: createNoticePruning({
      store: createPgNoticeRetention(pool),
      retentionMs,
      batchSize: env.NOTICES_PRUNE_BATCH,
      clock: Date.now,
      metrics,
    }),
    batchSize: env.NOTICES_PRUNE_BATCH,
    intervalMs: env.NOTICES_PRUNE_INTERVAL_MS,
    metrics,
    logger,
  });

  const runner = await startKafkaIntake(
    {
      kafka,
      groupId: env.KAFKA_GROUP_ID,
      subscriptions: intakeSubscriptions({
        decisions: env.DECISIONS_TOPIC,
        feedback: env.FEEDBACK_TOPIC,
        accountCommands: env.ACCOUNT_COMMANDS_TOPIC,
      }),
      fetchHandler: kafkaIntakeHandler(
        createNoticeIntake({
          store: outbox,
          policies: noticePolicies(env),
          metrics,
          retention: { ms: retentionMs, now: Date.now },
        }),
      ),
      logger,
      registry,
      deadLetterProducer: producer,
      ...groupTimings(env),
      ...gatheringFetch(env),
      ...offsetCommitCadence(env),
    },
    logger,
  );
  dispatcher.start();
  escalation?.loop.start();
  retention.start();
  logger.info({ httpPort: http.port, channels: Object.keys(channels) }, 'notifier started');

  return {
    httpPort: http.port,
    readiness: [
      { name: 'kafka', check: () => runner.health() },
      { name: 'postgres', check: async () => (await pool.query('SELECT 1'), true) },
      { name: 'dispatcher', check: () => Promise.resolve(dispatcher.isHealthy()) },
    ],
    stopSteps: [
      { name: 'http', run: () => http.close() },
      { name: 'consumer', run: () => runner.stop() },
      { name: 'dispatcher', run: () => dispatcher.stop() },
      { name: 'case-escalator', run: async () => await escalation?.loop.stop() },
      { name: 'retention', run: () => retention.stop() },
      { name: 'producer', run: () => producer.disconnect() },
      {
        name: 'clients',
        run: async () => {
          escalation?.raiser.close?.();
          await Promise.all(
            Object.values(channels).map(async (channel) => await channel.close?.()),
          );
          await pool.end();
        },
      },
    ],
  };
}
