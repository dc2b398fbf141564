import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { brokerList, commonEnvShape, kafkaGroupEnvShape, envBoolean } from '@vigil/config';
import { TOPICS } from '@vigil/events';
import {
  DEFAULT_MAX_BUFFERED_PER_PARTITION,
  DEFAULT_ORDER_CONFIRM_WAIT_MS,
  DEFAULT_ORDER_IDLE_MS,
  DEFAULT_ORDER_LAG_WAIT_MS,
  DEFAULT_STALL_MS,
  DEFAULT_TOPIC_PARTITIONS,
} from '@vigil/kafka';
import type { RedisConnection } from './adapters/redis-client.ts';

export const DEFAULT_LOCK_HOLD_MINUTES = 60;
/** Where the engine's Redis state lives (see REDIS_MODE). */
export const REDIS_MODES = ['single', 'cluster'] as const;
/** Where review and block decisions raise their case (see CASE_RAISING). */
export const CASE_RAISING_MODES = ['decisions-topic', 'inline'] as const;
export type CaseRaising = (typeof CASE_RAISING_MODES)[number];
export const DEFAULT_CASE_RAISING: CaseRaising = 'decisions-topic';
export const DEFAULT_LATENESS_HORIZON_MINUTES = 60;
/** Where the rule set comes from (see RULES_SOURCE). */
export const RULES_SOURCES = ['file', 'case-service'] as const;
export const DEFAULT_RULES_FILE = fileURLToPath(
  new URL('../config/rules.default.yaml', import.meta.url),
);

export const riskEngineEnv = z
  .object({
    ...commonEnvShape,
    ...kafkaGroupEnvShape,
    /** Kafka bootstrap brokers, comma-separated host:port. */
    KAFKA_BROKERS: brokerList,
    /** Consumer group of the scoring consumers; replicas share it and split the partitions. */
    GROUP_ID: z.string().min(1).default('vigil-risk-engine'),
    /** Consumer group of the feedback consumer (every replica applies list changes once per record). */
    FEEDBACK_GROUP_ID: z.string().min(1).default('vigil-risk-engine-feedback'),
    /**
     * Transactional ids are `<prefix>-slot-<n>` (scoring: one per replica, the slot the group
     * leader gives it) and `<prefix>-<feedback topic>-<p>`; stable across restarts so zombies get
     * fenced.
     */
    TRANSACTIONAL_ID_PREFIX: z.string().min(1).default('vigil-risk-engine'),
    /**
     * How decisions and commands are published. `exactly-once`: each unit's outputs and input
     * offsets in one Kafka transaction (read_committed readers see every decision once).
     * `at-least-once`: the idempotent producer, then the offsets (PUBLISH_COMMIT_INTERVAL_MS);
     * no transaction round trips, but a crash or rebalance before the offsets are committed
     * repeats those outputs, identical (same decisionId / commandId): every consumer of the
     * outputs must dedupe on those ids.
     */
    PUBLISH_MODE: z.enum(['exactly-once', 'at-least-once']).default('exactly-once'),
    /**
     * With PUBLISH_MODE=at-least-once: the offsets of published batches are committed for every
     * partition in one request at most this often (ms; always on SIGTERM), so a batch costs the
     * broker one produce request. A crash or a rebalance repeats up to this much of published
     * outputs. 0 commits after every batch. Unused with exactly-once (offsets ride in each
     * batch's transaction).
     */
    PUBLISH_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /**
     * Kafka's transaction protocol for PUBLISH_MODE=exactly-once and feedback (KIP-890): `2`
     * lets the broker add partitions and offsets to a transaction itself (two requests fewer per
     * batch, the epoch bumped at every end), `1` is the classic protocol, `auto` takes 2 where the
     * cluster's transaction.version allows it (Kafka 4.0 on) and 1 elsewhere. `2` on a cluster
     * without it fails the first transaction, loudly.
     */
    KAFKA_TRANSACTION_VERSION: z
      .enum(['auto', '1', '2'])
      .default('auto')
      .transform((v) => (v === 'auto' ? v : (Number(v) as 1 | 2))),
    // Topic names: defaults are the wire contract, overrides exist for tests and multi-tenant clusters.
    /** Input topic of payment transactions. */
    TOPIC_TRANSACTIONS: z.string().default(TOPICS.transactions),
    /** Input topic of login attempts. */
    TOPIC_LOGINS: z.string().default(TOPICS.logins),
    /** Input topic of account changes (new phone, email, payee…). */
    TOPIC_ACCOUNT_CHANGES: z.string().default(TOPICS.accountChanges),
    /** Output topic of decisions, one per input event. */
    TOPIC_DECISIONS: z.string().default(TOPICS.decisions),
    /** Output topic of account lock commands. */
    TOPIC_ACCOUNT_COMMANDS: z.string().default(TOPICS.accountCommands),
    /** Topic of feedback (customer answers, case resolutions) that feeds the allow/deny lists. */
    TOPIC_FEEDBACK: z.string().default(TOPICS.feedback),
    /** Create missing topics (and their .dlq twins) at start-up, with TOPIC_PARTITIONS partitions. */
    CREATE_TOPICS: envBoolean.default(true),
    /**
     * Partitions of topics created at start-up. The three input topics must have the same count:
     * a missing one is created with the count of those that exist.
     */
    TOPIC_PARTITIONS: z.coerce.number().int().positive().default(DEFAULT_TOPIC_PARTITIONS),
    /** The most records one merged batch (all units of this replica, in event-time order) carries. */
    MAX_BATCH_RECORDS: z.coerce.number().int().positive().default(500),
    /**
     * Smallest merged batch whose successor is scored while its Kafka transaction commits (two
     * stages; records arriving meanwhile are scored at once); a smaller batch waits for its
     * commit first. Unset: 64 (MAX_BATCH_RECORDS if smaller): that many events arrived while
     * the last batch was decided, so the engine is behind. Overlapping slows each commit: 1
     * (every batch) measured worse live.
     */
    ORDER_OVERLAP_FROM_RECORDS: z.coerce.number().int().positive().optional(),
    /**
     * Shortest time between the starts of two merged batches, i.e. two Kafka transactions, while
     * fewer than MAX_BATCH_RECORDS events wait (ms; 0 starts each as soon as the last allows).
     * Below saturation a transaction per handful of events costs the broker more than the events.
     */
    ORDER_BATCH_INTERVAL_MS: z.coerce.number().int().nonnegative().max(1_000).default(0),
    /**
     * Event-time order across the three input topics: how long an input partition that is caught
     * up but has nothing buffered holds back the next event (ms, wall clock; Kafka Streams'
     * max.task.idle.ms). It covers an upstream that writes one topic a little after another;
     * an event arriving later than this after a later event of its account is a late event.
     * "Caught up" counts only from a fetch sent after the event arrived (ORDER_CONFIRM_WAIT_MS).
     */
    ORDER_IDLE_MS: z.coerce.number().int().nonnegative().default(DEFAULT_ORDER_IDLE_MS),
    /**
     * An input partition counts as caught up for an event only from a fetch sent after the event
     * arrived (one fetch can read a write to one partition and miss the same write's earlier
     * record on another). While an event waits for that fetch, its long poll is this long (ms):
     * with idle traffic the event waits about that, with traffic the next record ends it sooner.
     * Shorter costs the engine empty fetches under load.
     */
    ORDER_CONFIRM_WAIT_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(1_000)
      .default(DEFAULT_ORDER_CONFIRM_WAIT_MS),
    /**
     * How long an input partition known to have unread records (or not fetched yet) holds back
     * the rest before events are scored without it (ms; counted in vigil_kafka_order_forced_total).
     */
    ORDER_LAG_WAIT_MS: z.coerce.number().int().positive().default(DEFAULT_ORDER_LAG_WAIT_MS),
    /**
     * Records buffered per input partition before it is paused: the memory bound while one topic
     * stalls (buffered records ≤ this × 3 × owned partitions).
     */
    MAX_BUFFERED_PER_PARTITION: z.coerce
      .number()
      .int()
      .positive()
      .default(DEFAULT_MAX_BUFFERED_PER_PARTITION),
    /**
     * /readyz turns 503 once scoring records have waited this long with no batch committed (ms;
     * READINESS_GRACE_MS if that is longer): every transaction refused or every Redis call
     * failing while the replica stays in its group. Longer than any retry backoff (the scoring
     * consumer's at most 1 s, the other consumers' 30 s).
     */
    READINESS_STALL_MS: z.coerce.number().int().positive().default(DEFAULT_STALL_MS),
    /**
     * Where the engine's state lives (features, dedupe, event memory, lists, subjects, locks).
     * `single`: one Redis node (REDIS_URL; a primary with replicas behind one address). `cluster`:
     * a Redis Cluster (REDIS_CLUSTER_NODES), each event's work split per slot, one pipelined round
     * trip per primary per batch; the state then scales with the cluster's primaries (README, Redis
     * Cluster).
     */
    REDIS_MODE: z.enum(REDIS_MODES).default('single'),
    /** Redis holding the state shared by every replica; required with REDIS_MODE=single. */
    REDIS_URL: z.string().url().optional(),
    /**
     * REDIS_MODE=cluster: some nodes of the cluster, comma-separated host:port (the client learns
     * the rest from them); required in that mode.
     */
    REDIS_CLUSTER_NODES: brokerList.optional(),
    /** Prefix of every Redis key the engine writes, so several deployments can share a Redis. */
    REDIS_KEY_PREFIX: z.string().default('vigil:risk:'),
    /**
     * After a block locks an account, further blocks on it send no lock command for this long
     * (the account is already locked); after it, the next block locks again.
     */
    LOCK_HOLD_MINUTES: z.coerce.number().positive().default(DEFAULT_LOCK_HOLD_MINUTES),
    /**
     * How long an event id is remembered, at least (an entry of ~20 bytes in a hash shared by the
     * events of its hour): a retry or an upstream resend within it gets no second decision and
     * changes no state. Size it to your upstream's resend horizon.
     */
    EVENT_DEDUPE_HOURS: z.coerce.number().positive().max(8_760).default(24),
    /**
     * How long an event's first feature values are kept (a key of ~200 bytes per event, at most
     * EVENT_DEDUPE_HOURS): a delivery retried within it (after a crash, a rebalance or an outage
     * before its batch committed) gets exactly its first decision back. A later retry still changes
     * no state and is decided on its features read as of its time. Size it to the longest outage a
     * partition may retry through.
     */
    EVENT_RESULTS_HOURS: z.coerce.number().positive().default(0.5),
    /**
     * Lateness horizon (minutes): an event up to this much older than its account's newest one
     * still lands exactly in its windows, and the account's events decided after it (remembered
     * this long, ~300 bytes each) are evaluated again, with a follow-up decision where the verdict
     * is now harsher. Later than that, an event is still decided, as of its time, on what is left.
     */
    LATENESS_HORIZON_MINUTES: z.coerce
      .number()
      .positive()
      .default(DEFAULT_LATENESS_HORIZON_MINUTES),
    /** How long the subject of a flagged decision is kept for feedback to deny-list it. */
    SUBJECT_TTL_DAYS: z.coerce.number().positive().default(60),
    /**
     * case-service gRPC target where review and block decisions raise cases: host:port, or several
     * replicas as ipv4:host1:port1,host2:port2 (the client fails over to the next when one dies).
     */
    CASE_SERVICE_ADDR: z.string().min(1).default('127.0.0.1:50051'),
    /**
     * Bearer token with the "service" role at case-service (one of its CASE_AUTH_TOKENS, which are
     * at least 16 characters: a shorter one could never be accepted, so start-up refuses it).
     */
    CASE_SERVICE_TOKEN: z.string().min(16, 'at least 16 characters, as case-service requires'),
    /** Deadline (ms) of one RaiseCase call. */
    CASE_SERVICE_DEADLINE_MS: z.coerce.number().int().positive().default(5_000),
    /**
     * Where review and block decisions raise their case. `decisions-topic`: a case raiser in this
     * process reads the committed decisions back from TOPIC_DECISIONS (group CASE_RAISER_GROUP_ID)
     * and commits each offset once case-service acknowledged its case; decisions never wait on
     * case-service, cases trail them (vigil_risk_case_raise_delay_seconds). `inline`: every batch
     * raises its cases before its transaction publishes, so a slow or down case-service delays or
     * stalls every decision. Switching a running deployment: README, section Cases.
     */
    CASE_RAISING: z.enum(CASE_RAISING_MODES).default(DEFAULT_CASE_RAISING),
    /**
     * Consumer group of the case raiser (CASE_RAISING=decisions-topic); replicas share it and split
     * the decisions partitions. Its lag on TOPIC_DECISIONS is the backlog of cases not raised yet.
     */
    CASE_RAISER_GROUP_ID: z.string().min(1).default('vigil-risk-engine-cases'),
    /**
     * Where the rule set comes from. `file`: RULES_FILE. `case-service`: the version a supervisor
     * approved at case-service (CASE_SERVICE_ADDR, with CASE_SERVICE_TOKEN), polled every
     * RULES_POLL_MS; approvals and rollbacks take effect without restart (README, Rule changes).
     */
    RULES_SOURCE: z.enum(RULES_SOURCES).default('file'),
    /** Versioned rule-set file (YAML); edits are picked up without restart, SIGHUP forces a reload. */
    RULES_FILE: z.string().default(DEFAULT_RULES_FILE),
    /** RULES_SOURCE=case-service: how often (ms) the active version is asked for. */
    RULES_POLL_MS: z.coerce.number().int().positive().default(5_000),
    /**
     * RULES_SOURCE=case-service: rule-set file run while case-service has no active version yet
     * (a first deployment). Unset, the engine refuses to start until a version is approved.
     */
    RULES_FALLBACK_FILE: z.string().min(1).optional(),
  })
  // Reported with every other bad setting at start-up, before anything connects.
  .refine((env) => env.REDIS_MODE !== 'single' || env.REDIS_URL !== undefined, {
    message: 'REDIS_URL is required when REDIS_MODE=single',
    path: ['REDIS_URL'],
  })
  .refine((env) => env.REDIS_MODE !== 'cluster' || env.REDIS_CLUSTER_NODES !== undefined, {
    message: 'REDIS_CLUSTER_NODES is required when REDIS_MODE=cluster',
    path: ['REDIS_CLUSTER_NODES'],
  });
export type RiskEngineEnv = z.infer<typeof riskEngineEnv>;

const redisConnection = z.discriminatedUnion('REDIS_MODE', [
  z.object({ REDIS_MODE: z.literal('single'), REDIS_URL: z.string().url() }),
  z.object({ REDIS_MODE: z.literal('cluster'), REDIS_CLUSTER_NODES: z.array(z.string()).min(1) }),
]);

/**
 * The Redis connection the settings describe; throws INVALID_CONFIG (not retryable) when the
 * mode's address is missing: REDIS_URL for single, REDIS_CLUSTER_NODES for cluster.
 */
export function redisConnectionOf(
  env: Partial<Pick<RiskEngineEnv, 'REDIS_MODE' | 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>>,
): RedisConnection {
  const parsed = redisConnection.safeParse({ ...env, REDIS_MODE: env.REDIS_MODE ?? 'single' });
  if (!parsed.success)
    throw new VigilError(
      'INVALID_CONFIG',
      env.REDIS_MODE === 'cluster'
        ? 'REDIS_CLUSTER_NODES is required when REDIS_MODE=cluster'
        : 'REDIS_URL is required when REDIS_MODE=single',
      { retryable: false },
    );
  return parsed.data.REDIS_MODE === 'single'
    ? { mode: 'single', url: parsed.data.REDIS_URL }
    : { mode: 'cluster', nodes: parsed.data.REDIS_CLUSTER_NODES };
}
