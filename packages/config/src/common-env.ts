import { z } from 'zod';

/** Comma-separated host:port list, e.g. "127.0.0.1:9092,127.0.0.1:9094". */
export const brokerList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const port = z.coerce.number().int().min(0).max(65535);

/** Booleans from env: "true"/"1"/"yes" are true, anything else in the enum is false. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Variables every Vigil service reads; services extend this object with their own. */
export const commonEnvShape = {
  /** Minimum pino level written to stdout. */
  LOG_LEVEL: logLevel.default('info'),
  /**
   * Port of the ops HTTP server (/metrics, /healthz, /readyz). 0 picks a free port. Every service
   * defaults to 9464: services sharing a host each need their own (a taken port stops start-up
   * with `port 9464 (OPS_PORT) is already in use`).
   */
  OPS_PORT: port.default(9464),
  /** Milliseconds SIGTERM may take to drain before the process gives up and exits non-zero. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(25_000),
  /**
   * Milliseconds a dependency check that passed before may keep failing (a consumer group
   * rebalancing, a broker or Redis primary failing over, a dependency unreachable) before /readyz
   * turns 503. Failures show in /readyz's "failing" at once; a short rebalance does not take every
   * replica out of service together. Before a check first passes (start-up) there is no grace.
   */
  READINESS_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
};

/**
 * Consumer-group timings of the services that read Kafka. A member that dies without leaving
 * (kill -9, a lost host) keeps its partitions until its session times out: this bounds how long
 * those partitions go unprocessed. A clean stop (SIGTERM) leaves the group at once.
 */
export const kafkaGroupEnvShape = {
  /**
   * A member not heard from this long is dropped and its partitions go to the others. Shorter
   * fails over sooner; too short drops members that are merely slow (a long GC, a starved box).
   * The broker only accepts 6,000–300,000 ms by default (group.min/max.session.timeout.ms).
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(8_000),
  /**
   * How often a member tells the coordinator it is alive, and learns of a rebalance. At most a
   * third of the smallest session timeout, as Kafka advises.
   */
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(2_000).default(1_000),
  /**
   * Static group membership (KIP-345): this replica's stable name, e.g. its StatefulSet pod name
   * or host name; every consumer group of the service uses it (ids are unique per group). A
   * replica restarted with the same id within KAFKA_SESSION_TIMEOUT_MS gets its partitions back
   * at once, without a rebalance, instead of waiting for its old member's session to time out. It
   * must be unique among the replicas: a second process with the same id takes the partitions and
   * the first stops consuming (FENCED_INSTANCE_ID, logged at error). SIGTERM still leaves the
   * group at once (LeaveGroup with the id). Unset: dynamic membership. Kafka 2.3 or newer.
   */
  KAFKA_GROUP_INSTANCE_ID: z
    .string()
    .trim()
    .max(249)
    .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only (as Kafka requires)')
    .optional(),
  /**
   * Consumers off the event → decision path (notices, cases, labels, customer feedback) ask the
   * broker to gather this many bytes before answering a fetch, waiting at most
   * KAFKA_FETCH_MAX_WAIT_MS: under load a batch is then up to that wait's worth of records, not a
   * handful, so its PostgreSQL transaction and offset commit are paid per dozens or hundreds of
   * events. The default (1 MiB, hundreds of decisions) is more than a quarter second brings one
   * replica at the rates it handles, so the wait decides. The risk engine's scoring consumer never
   * waits (its ORDER_* settings bound its waits).
   */
  KAFKA_FETCH_MIN_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(4 * 1024 * 1024)
    .default(1024 * 1024),
  /**
   * Longest the broker holds such a fetch for KAFKA_FETCH_MIN_BYTES: what it may add to a notice,
   * a case alert or a label whenever less than KAFKA_FETCH_MIN_BYTES arrives in that time (with
   * the defaults, at any rate one replica handles).
   */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(1).max(5_000).default(250),
  /**
   * How often those consumers commit their offsets: the handled offsets of every partition in
   * one request at most this often (and always on SIGTERM), instead of one per partition batch
   * (the engine's feedback consumer commits inside its own transactions instead). Their handlers
   * are idempotent: a crash or a rebalance redelivers up to this much of handled records, which
   * find their notice, case or label already there. 0 commits every batch.
   */
  KAFKA_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
};

/**
 * Fetch settings of the consumers off the decision path (see KAFKA_FETCH_MIN_BYTES); a setting
 * left out (a caller that builds its env by hand) keeps the consumer's own default.
 */
export function gatheringFetch(env: {
  KAFKA_FETCH_MIN_BYTES?: number;
  KAFKA_FETCH_MAX_WAIT_MS?: number;
}): { minBytes?: number; maxWaitTimeMs?: number } {
  return {
    ...(env.KAFKA_FETCH_MIN_BYTES === undefined ? {} : { minBytes: env.KAFKA_FETCH_MIN_BYTES }),
    ...(env.KAFKA_FETCH_MAX_WAIT_MS === undefined
      ? {}
      : { maxWaitTimeMs: env.KAFKA_FETCH_MAX_WAIT_MS }),
  };
}

/** The commit cadence of the consumers off the decision path (see KAFKA_COMMIT_INTERVAL_MS). */
export function offsetCommitCadence(env: { KAFKA_COMMIT_INTERVAL_MS?: number }): {
  commitIntervalMs?: number;
} {
  return env.KAFKA_COMMIT_INTERVAL_MS === undefined
    ? {}
    : { commitIntervalMs: env.KAFKA_COMMIT_INTERVAL_MS };
}

/** The group timings (and static member id, if any) a service's consumers take from its env. */
export function groupTimings(env: {
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_INTERVAL_MS: number;
  KAFKA_GROUP_INSTANCE_ID?: string;
}): { sessionTimeoutMs: number; heartbeatIntervalMs: number; groupInstanceId?: string } {
  return {
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
    ...(env.KAFKA_GROUP_INSTANCE_ID === undefined
      ? {}
      : { groupInstanceId: env.KAFKA_GROUP_INSTANCE_ID }),
  };
}
