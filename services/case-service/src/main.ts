// Composition root: configuration, clients, the case app, ops server and shutdown order.
import pg from 'pg';
import { gatheringFetch, groupTimings, offsetCommitCadence } from '@vigil/config';
import { createEventProducer, createKafkaClient, ensureTopicsWith } from '@vigil/kafka';
import { retryWhileUnavailable, runService } from '@vigil/lifecycle';
import { startOpsServer } from '@vigil/observability';
import { createKafkaOutboxPublisher } from './adapters/kafka-outbox-publisher.ts';
import { runMigrations } from './adapters/pg-migrations.ts';
import { withSearchPath } from './adapters/pg-search-path.ts';
import { loadTokens } from './auth-config.ts';
import { createCaseApp, type CaseApp } from './case-service-app.ts';
import { parseEnv } from './env.ts';
import { createLabelApp, type LabelApp } from './label-app.ts';

runService('case-service', parseEnv, async ({ env, logger, registry, shutdown }) => {
  const tokens = await loadTokens(env);
  const current: { app?: CaseApp; labels?: LabelApp } = {};
  // Up first so /healthz answers and /readyz says "not ready" while dependencies come up.
  const ops = await startOpsServer({
    port: env.OPS_PORT,
    registry,
    readinessGraceMs: env.READINESS_GRACE_MS,
    readiness: [
      { name: 'postgres', check: () => current.app?.database.check() ?? Promise.resolve(false) },
      // Cases are served while Kafka is down; the outbox keeps the messages until it is back.
      {
        name: 'outbox-relay',
        gating: false,
        check: () => Promise.resolve(current.app?.relay.isHealthy() ?? false),
      },
      // Labels lag while Kafka is down; cases are still served.
      {
        name: 'label-intake',
        gating: false,
        check: () => current.labels?.intakeReady() ?? Promise.resolve(!env.LABELS_ENABLED),
      },
    ],
  });
  if (env.MIGRATE_ON_START) {
    await retryWhileUnavailable(
      'migrations',
      () => runMigrations({ databaseUrl: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, logger }),
      logger,
    );
  }
  const pool = new pg.Pool({
    connectionString: withSearchPath(env.DATABASE_URL, env.DATABASE_SCHEMA),
    max: env.DATABASE_POOL_MAX,
    connectionTimeoutMillis: 3_000,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle postgres connection failed'));

  const kafka = createKafkaClient({
    clientId: env.KAFKA_CLIENT_ID,
    brokers: env.KAFKA_BROKERS,
    logger,
  });
  if (env.CREATE_TOPICS) {
    // Written only: no .dlq twin (their readers create those). Read by the label intake: with one.
    const read = env.LABELS_ENABLED
      ? [env.DECISIONS_TOPIC, env.FEEDBACK_TOPIC, env.DISPUTES_TOPIC]
      : [];
    const topics = new Set([env.FEEDBACK_TOPIC, env.ACCOUNT_COMMANDS_TOPIC, ...read]);
    const specs = [...topics].map((topic) => ({
      topic,
      partitions: env.TOPIC_PARTITIONS,
      deadLetter: read.includes(topic),
    }));
    const created = await retryWhileUnavailable(
      'kafka topics',
      () => ensureTopicsWith(kafka, specs),
      logger,
    );
    if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
  }
  const producer = createEventProducer({ kafka, registry, logger });
  await retryWhileUnavailable('kafka producer', () => producer.connect(), logger);
  const publisher = createKafkaOutboxPublisher(producer, {
    feedback: env.FEEDBACK_TOPIC,
    accountCommands: env.ACCOUNT_COMMANDS_TOPIC,
  });

  const started = await retryWhileUnavailable(
    'case app',
    () =>
      createCaseApp({
        pool,
        databaseUrl: env.DATABASE_URL,
        channel: env.CASE_CHANGES_CHANNEL,
        logger,
        registry,
        tokens,
        publisher,
        outbox: {
          pollMs: env.OUTBOX_POLL_MS,
          batchSize: env.OUTBOX_BATCH_SIZE,
          retentionHours: env.OUTBOX_RETENTION_HOURS,
        },
        watchMaxQueued: env.WATCH_MAX_QUEUED,
        healthCheckMs: env.HEALTH_CHECK_MS,
        labelRetentionDays: env.LABELS_ENABLED ? env.LABELS_RETENTION_DAYS : 0,
      }),
    logger,
  );
  current.app = started;
  started.relay.start();
  if (env.LABELS_ENABLED) {
    current.labels = createLabelApp({
      pool,
      kafka,
      logger,
      registry,
      topics: {
        decisions: env.DECISIONS_TOPIC,
        feedback: env.FEEDBACK_TOPIC,
        disputes: env.DISPUTES_TOPIC,
      },
      groupId: env.LABELS_GROUP_ID,
      raiseCase: (command, by) => started.cases.raiseCase(command, by),
      refreshMs: env.LABEL_QUALITY_REFRESH_MS,
      maxRules: env.LABEL_QUALITY_MAX_RULES,
      topBins: env.LABEL_METRIC_TOP_BINS,
      retentionDays: env.LABELS_RETENTION_DAYS,
      consumer: { ...groupTimings(env), ...gatheringFetch(env), ...offsetCommitCadence(env) },
    });
    current.labels.start();
  }
  const grpcPort = await started.grpc.listen(env.GRPC_HOST, env.GRPC_PORT);
  logger.info({ grpcPort, opsPort: ops.port }, 'case-service ready');

  // Intake first (watch streams end, gRPC drains), then the outbox flush, then clients.
  shutdown.register('grpc', async () => {
    started.grpc.setServing(false);
    started.bus.closeAll();
    await started.grpc.shutdown(Math.floor(env.SHUTDOWN_GRACE_MS / 2));
  });
  // The label intake drains its in-flight batch and commits before PostgreSQL closes.
  shutdown.register('labels', () => current.labels?.stop() ?? Promise.resolve());
  shutdown.register('outbox-relay', () => started.relay.stop());
  shutdown.register('change-listener', () => started.listener.close());
  shutdown.register('kafka', () => producer.disconnect());
  shutdown.register('postgres', async () => {
    started.database.stop();
    await pool.end();
  });
  shutdown.register('ops-server', () => ops.close());
});
