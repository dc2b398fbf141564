import { z } from 'zod';
import {
  brokerList,
  commonEnvShape,
  kafkaGroupEnvShape,
  envBoolean,
  parseEnv as parseWith,
  port,
} from '@vigil/config';
import { TOPICS } from '@vigil/events';
import { DEFAULT_TOPIC_PARTITIONS } from '@vigil/kafka';

/** Where case-service's data lives; the `migrate` command reads these too. */
const databaseEnvShape = {
  /**
   * PostgreSQL holding cases, alerts, notes, audit events and the outbox.
   * Through PgBouncer: session pooling, or transaction pooling with PgBouncer 1.21+ and
   * `max_prepared_statements` set (the per-batch statements are named prepared statements).
   */
  DATABASE_URL: z.string().url(),
  /**
   * Schema holding case-service's tables and its migrations table (lower-case SQL identifier);
   * created when missing. Queries run with this search_path, whatever DATABASE_URL says.
   */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case SQL identifier')
    .default('public'),
};

export const caseServiceEnv = z
  .object({
    ...commonEnvShape,
    ...kafkaGroupEnvShape,
    ...databaseEnvShape,
    /** Connections in the pool; RaiseCase throughput scales with it up to the CPU count of PostgreSQL. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
    /** Apply pending migrations before serving (the `migrate` command does the same on its own). */
    MIGRATE_ON_START: envBoolean.default(true),
    /** Interface the gRPC server binds to. */
    GRPC_HOST: z.string().min(1).default('0.0.0.0'),
    /** Port of the gRPC server; 0 picks a free one. */
    GRPC_PORT: port.default(50051),
    /** Brokers the outbox relay publishes to. */
    KAFKA_BROKERS: brokerList,
    /** Kafka client id of the outbox producer (shows in broker logs and quotas). */
    KAFKA_CLIENT_ID: z.string().min(1).default('case-service'),
    /** Topic case resolutions (feedback for the risk engine and notifier) are written to. */
    FEEDBACK_TOPIC: z.string().min(1).default(TOPICS.feedback),
    /** Topic account actions (lock / unlock commands) are written to. */
    ACCOUNT_COMMANDS_TOPIC: z.string().min(1).default(TOPICS.accountCommands),
    /**
     * Create the topics case-service uses at start-up when missing, with TOPIC_PARTITIONS
     * partitions: the two above, and with LABELS_ENABLED the three it reads (decisions, feedback,
     * disputes) with their .dlq twins. Existing topics are left as they are.
     */
    CREATE_TOPICS: envBoolean.default(true),
    /** Partitions of topics created at start-up (the same default as the risk engine's). */
    TOPIC_PARTITIONS: z.coerce.number().int().positive().default(DEFAULT_TOPIC_PARTITIONS),
    /**
     * Callers, as JSON: [{"token":"…","principal":"agent-7","role":"agent"}]. Roles are service,
     * agent and supervisor; each token at least 16 characters (e.g. `openssl rand -hex 24`). Use
     * CASE_AUTH_TOKENS_FILE (JSON or YAML file) to keep tokens out of env.
     */
    CASE_AUTH_TOKENS: z.string().min(2).optional(),
    /** Path of a JSON or YAML file with the same caller list as CASE_AUTH_TOKENS; read at start-up. */
    CASE_AUTH_TOKENS_FILE: z.string().min(1).optional(),
    /** Outbox relay: how often (ms) it looks for new rows when idle (a write in this process wakes it at once). */
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
    /** Outbox relay: the most rows sent to Kafka in one batch. */
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(200),
    /** Sent outbox rows are deleted after this many hours (rejected rows stay for an operator). */
    OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(72),
    /** PostgreSQL NOTIFY channel carrying committed case changes to WatchCases streams. */
    CASE_CHANGES_CHANNEL: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('vigil_case_changes'),
    /** Changes a WatchCases client may fall behind before the server ends its stream. */
    WATCH_MAX_QUEUED: z.coerce.number().int().min(1).max(100_000).default(1_000),
    /** How often PostgreSQL is pinged for the gRPC health status and readiness. */
    HEALTH_CHECK_MS: z.coerce.number().int().min(100).default(2_000),
    /**
     * Keep labels: read decisions (ledger of flagged decisions), customer answers (FEEDBACK_TOPIC)
     * and disputes into PostgreSQL, file fraud disputes on the account's case, and refresh the
     * per-rule quality gauges. Off: case-service reads no topic.
     */
    LABELS_ENABLED: envBoolean.default(true),
    /** Decisions the label ledger reads (read_committed). */
    DECISIONS_TOPIC: z.string().min(1).default(TOPICS.decisions),
    /** Disputes and chargebacks (payments.disputes.v1); a topic without traffic is fine. */
    DISPUTES_TOPIC: z.string().min(1).default(TOPICS.disputes),
    /** Consumer group of the label intake (decisions, feedback and disputes). */
    LABELS_GROUP_ID: z.string().min(1).default('case-service-labels'),
    /**
     * Days ledger rows, daily decision and payment counts, label evidence, labels and disputes are
     * kept. At least the 30-day quality window; fraud chargebacks arrive up to ~120 days after a
     * payment.
     */
    LABELS_RETENTION_DAYS: z.coerce.number().int().min(30).default(120),
    /** How often (ms) the per-rule quality gauges are recomputed from PostgreSQL (and old rows pruned). */
    LABEL_QUALITY_REFRESH_MS: z.coerce.number().int().min(1_000).default(60_000),
    /** Most rules (by hits, per window) in the quality gauges: bounds their series. */
    LABEL_QUALITY_MAX_RULES: z.coerce.number().int().min(1).max(1_000).default(200),
    /**
     * BINs with the most fraud disputes that get a series of their own in the dispute, payment and
     * chargeback rate gauges; the rest count as other.
     */
    LABEL_METRIC_TOP_BINS: z.coerce.number().int().min(0).max(200).default(20),
  })
  .refine((env) => env.CASE_AUTH_TOKENS !== undefined || env.CASE_AUTH_TOKENS_FILE !== undefined, {
    message: 'set CASE_AUTH_TOKENS or CASE_AUTH_TOKENS_FILE',
    path: ['CASE_AUTH_TOKENS'],
  });

export type CaseServiceEnv = z.infer<typeof caseServiceEnv>;

export function parseEnv(source: Record<string, string | undefined>): CaseServiceEnv {
  return parseWith(caseServiceEnv, source);
}

/** The `migrate` command's settings: the database and how much to log. */
export const migrateEnv = z.object({ LOG_LEVEL: commonEnvShape.LOG_LEVEL, ...databaseEnvShape });
export type MigrateEnv = z.infer<typeof migrateEnv>;

export function parseMigrateEnv(source: Record<string, string | undefined>): MigrateEnv {
  return parseWith(migrateEnv, source);
}
