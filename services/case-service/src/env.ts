import { z } from 'zod';
import { brokerList, commonEnvShape, envBoolean, parseEnv as parseWith, port } from '@vigil/config';
import { TOPICS } from '@vigil/events';

const caseServiceEnv = z
  .object({
    ...commonEnvShape,
    /** PostgreSQL holding cases, alerts, notes, audit events and the outbox. */
    DATABASE_URL: z.string().url(),
    /** Connections in the pool; RaiseCase throughput scales with it up to the CPU count of PostgreSQL. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
    /** Apply pending migrations before serving (the `migrate` command does the same on its own). */
    MIGRATE_ON_START: envBoolean.default(true),
    /** Interface and port of the gRPC server; port 0 picks a free one. */
    GRPC_HOST: z.string().min(1).default('0.0.0.0'),
    GRPC_PORT: port.default(50051),
    /** Brokers the outbox relay publishes to. */
    KAFKA_BROKERS: brokerList,
    KAFKA_CLIENT_ID: z.string().min(1).default('case-service'),
    /** Wire names of the topics case resolutions and account actions are written to. */
    FEEDBACK_TOPIC: z.string().min(1).default(TOPICS.feedback),
    ACCOUNT_COMMANDS_TOPIC: z.string().min(1).default(TOPICS.accountCommands),
    /**
     * Callers, as JSON: [{"token":"…","principal":"agent-7","role":"agent"}]. Roles are service,
     * agent and supervisor. Use CASE_AUTH_TOKENS_FILE (JSON or YAML file) to keep tokens out of env.
     */
    CASE_AUTH_TOKENS: z.string().min(2).optional(),
    CASE_AUTH_TOKENS_FILE: z.string().min(1).optional(),
    /** Outbox relay: idle poll interval and rows per Kafka batch. */
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
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
  })
  .refine((env) => env.CASE_AUTH_TOKENS !== undefined || env.CASE_AUTH_TOKENS_FILE !== undefined, {
    message: 'set CASE_AUTH_TOKENS or CASE_AUTH_TOKENS_FILE',
    path: ['CASE_AUTH_TOKENS'],
  });

export type CaseServiceEnv = z.infer<typeof caseServiceEnv>;

export function parseEnv(source: Record<string, string | undefined>): CaseServiceEnv {
  return parseWith(caseServiceEnv, source);
}
