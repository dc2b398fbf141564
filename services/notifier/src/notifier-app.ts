import pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  createConsumerRunner,
  createEventProducer,
  createKafkaClient,
  ensureTopicsWith,
} from '@vigil/kafka';
import { retryWhileUnavailable } from '@vigil/lifecycle';
import type { ReadinessCheck } from '@vigil/observability';
import { configuredChannels } from './configured-channels.ts';
import type { NotifierEnv } from './env.ts';
import { createGrpcCaseRaiser } from './adapters/grpc-case-raiser.ts';
import { startHttpServer } from './adapters/http-server.ts';
import { createIntakeHandler, intakeSubscriptions } from './app/intake-notices.ts';
import { createKafkaAnswerPublisher } from './adapters/kafka-answer-publisher.ts';
import { notifierTopicSpecs } from './adapters/kafka-topics.ts';
import { createNotifierMetrics } from './metrics.ts';
import { Dispatcher } from './app/outbox-dispatcher.ts';
import { migrate } from './adapters/pg-migrations.ts';
import { PgContactPreferences } from './adapters/pg-contact-preferences.ts';
import { PgOutbox } from './adapters/pg-outbox.ts';
import { PgVerificationAnswers } from './adapters/pg-verification-answers.ts';
import { CaseEscalator } from './app/escalate-to-case.ts';
import { createLinkSigner } from './adapters/hmac-link-signer.ts';
import { VerificationService } from './app/answer-verification.ts';

export interface RunningNotifier {
  httpPort: number;
  readiness: ReadinessCheck[];
  /** Named stop steps in drain order: intake first, then in-flight work, then clients. */
  stopSteps: { name: string; run: () => Promise<void> }[];
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
  if (env.MIGRATE_ON_START)
    await retryWhileUnavailable(
      'migrations',
      () => migrate({ databaseUrl: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, logger }),
      logger,
    );
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    options: `-c search_path=${env.DATABASE_SCHEMA}`,
  });
  // An idle client losing its connection (PostgreSQL restart) must not crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed'));

  const rateLimit = {
    maxPerWindow: env.RATE_LIMIT_MAX,
    windowMs: env.RATE_LIMIT_WINDOW_MS,
    exemptKinds: env.RATE_LIMIT_EXEMPT_KINDS,
  };
  const outbox = new PgOutbox(pool, rateLimit);
  const answers = new PgVerificationAnswers(pool);
  const retry = {
    maxAttempts: env.MAX_ATTEMPTS,
    initialDelayMs: env.RETRY_BASE_MS,
    maxDelayMs: env.RETRY_MAX_MS,
    jitter: 0.2,
  };
  const signer = createLinkSigner({
    secrets: [
      env.VERIFICATION_SECRET,
      ...(env.VERIFICATION_SECRET_PREVIOUS === undefined ? [] : [env.VERIFICATION_SECRET_PREVIOUS]),
    ],
    ttlMs: env.VERIFICATION_LINK_TTL_MS,
  });
  const channels = configuredChannels(env);

  const kafka = createKafkaClient({
    clientId: env.KAFKA_CLIENT_ID,
    brokers: env.KAFKA_BROKERS,
    logger,
  });
  if (env.CREATE_TOPICS) {
    const created = await retryWhileUnavailable(
      'kafka topics',
      () => ensureTopicsWith(kafka, notifierTopicSpecs(env)),
      logger,
    );
    if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
  }
  const producer = createEventProducer({ kafka, registry, logger });
  await retryWhileUnavailable('kafka producer connect', () => producer.connect(), logger);
  const intake = {
    kafka,
    groupId: env.KAFKA_GROUP_ID,
    subscriptions: intakeSubscriptions({
      decisions: env.DECISIONS_TOPIC,
      feedback: env.FEEDBACK_TOPIC,
    }),
    handler: createIntakeHandler({ outbox, metrics }),
    logger,
    registry,
    deadLetterProducer: producer,
  };

  const verification = new VerificationService({
    signer,
    notifications: outbox,
    answers,
    publisher: createKafkaAnswerPublisher(producer, {
      feedback: env.FEEDBACK_TOPIC,
      accountCommands: env.ACCOUNT_COMMANDS_TOPIC,
    }),
    metrics,
    logger,
  });
  const http = await startHttpServer({
    port: env.HTTP_PORT,
    verification,
    notifications: outbox,
    statusApiToken: env.STATUS_API_TOKEN,
    logger,
  });

  const dispatcher = new Dispatcher({
    outbox,
    contacts: new PgContactPreferences(pool),
    channels,
    linkSigner: signer,
    verifyUrl: env.PUBLIC_VERIFY_URL,
    retry,
    batchSize: env.DISPATCH_BATCH_SIZE,
    leaseMs: env.CHANNEL_TIMEOUT_MS * 3 + 30_000,
    pollIntervalMs: env.DISPATCH_POLL_MS,
    metrics,
    logger,
  });
  const raiser =
    env.CASE_SERVICE_ADDR === undefined || env.CASE_SERVICE_TOKEN === undefined
      ? undefined
      : createGrpcCaseRaiser({
          address: env.CASE_SERVICE_ADDR,
          token: env.CASE_SERVICE_TOKEN,
          deadlineMs: 5_000,
        });
  if (raiser === undefined)
    logger.warn(
      'CASE_SERVICE_ADDR unset: "not me" answers emit fraud feedback and a lock command but raise no case',
    );
  const escalator =
    raiser === undefined
      ? undefined
      : new CaseEscalator({
          answers,
          raiser,
          retry,
          batchSize: 20,
          leaseMs: 30_000,
          pollIntervalMs: env.DISPATCH_POLL_MS,
          metrics,
          logger,
        });

  // A missing topic or an unreachable broker at boot: wait (not ready) instead of crash-looping.
  // A runner that failed to start is stopped and replaced, since a runner starts only once.
  const runner = await retryWhileUnavailable(
    'kafka consumer start',
    async () => {
      const candidate = createConsumerRunner(intake);
      try {
        await candidate.start();
        return candidate;
      } catch (error) {
        await candidate.stop().catch(() => undefined);
        throw error;
      }
    },
    logger,
  );
  dispatcher.start();
  escalator?.start();
  logger.info({ httpPort: http.port, channels: Object.keys(channels) }, 'notifier started');

  return {
    httpPort: http.port,
    readiness: [
      { name: 'kafka', check: () => runner.isReady() },
      { name: 'postgres', check: async () => (await pool.query('SELECT 1'), true) },
      { name: 'dispatcher', check: () => Promise.resolve(dispatcher.isHealthy()) },
    ],
    stopSteps: [
      { name: 'http', run: () => http.close() },
      { name: 'consumer', run: () => runner.stop() },
      { name: 'dispatcher', run: () => dispatcher.stop() },
      { name: 'case-escalator', run: async () => await escalator?.stop() },
      { name: 'producer', run: () => producer.disconnect() },
      {
        name: 'clients',
        run: async () => {
          raiser?.close?.();
          await Promise.all(
            Object.values(channels).map(async (channel) => await channel.close?.()),
          );
          await pool.end();
        },
      },
    ],
  };
}
