import { logLevel } from 'kafkajs';

/** The pino methods kafkajs lines are written with. */
export type KafkajsPinoLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** What the level decision reads from a kafkajs log entry. */
export interface KafkajsLogLine {
  level: logLevel;
  namespace: string;
  /** kafkajs types it as a string, but BrokerPool logs some errors as the Error object itself. */
  message: unknown;
  /** The rest of the entry: `error` (a message or an Error), `retryCount`, `retryTime`, … */
  extra: Readonly<Record<string, unknown>>;
}

/**
 * Broker answers that mean "not yet" while a broker starts, a coordinator loads or moves, a
 * leader is elected, a group rebalances or a just-created topic propagates. kafkajs retries or
 * rejoins on each by itself, and logs only the message (`error` of its "Response …" lines), so
 * the texts are matched; `kafkajs-log-level.test.ts` checks them against kafkajs's error table.
 * Keys are kafkajs's names; Kafka now calls codes 14, 15, 16 and 6 COORDINATOR_LOAD_IN_PROGRESS,
 * COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR and NOT_LEADER_OR_FOLLOWER.
 */
export const TRANSIENT_BROKER_ERRORS = {
  GROUP_LOAD_IN_PROGRESS:
    "The coordinator is loading and hence can't process requests for this group",
  GROUP_COORDINATOR_NOT_AVAILABLE: 'The group coordinator is not available',
  NOT_COORDINATOR_FOR_GROUP: 'This is not the correct coordinator for this group',
  LEADER_NOT_AVAILABLE:
    'There is no leader for this topic-partition as we are in the middle of a leadership election',
  NOT_LEADER_FOR_PARTITION: 'This server is not the leader for that topic-partition',
  REBALANCE_IN_PROGRESS: 'The group is rebalancing, so a rejoin is needed',
  // The group moved on while this member was busy (a replica joined or left): kafkajs rejoins.
  ILLEGAL_GENERATION: 'Specified group generation id is not valid',
  UNKNOWN_MEMBER_ID: 'The coordinator is not aware of this member',
  UNKNOWN_TOPIC_OR_PARTITION: 'This server does not host this topic-partition',
  CONCURRENT_TRANSACTIONS:
    'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
  FETCH_SESSION_ID_NOT_FOUND: 'The fetch session ID was not found',
  UNKNOWN_LEADER_EPOCH: 'The leader epoch in the request is newer than the epoch on the broker',
  FENCED_LEADER_EPOCH: 'The leader epoch in the request is older than the epoch on the broker',
  OFFSET_NOT_AVAILABLE:
    'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing',
} as const;

export type TransientBrokerError = keyof typeof TRANSIENT_BROKER_ERRORS;

/**
 * The coordinator's answer to a producer whose transactional id a newer producer took over: what
 * every rebalance does to the replica that lost a unit (or to a killed replica's ids, claimed by
 * the survivor). The transactional publisher handles it (aborts the batch, leaves the unit, warns
 * with the unit's name); kafkajs's own lines about that one request are not an operator's call.
 */
export const FENCED_PRODUCER_ERRORS = {
  INVALID_PRODUCER_EPOCH:
    "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
} as const;

const FENCED_TEXTS: readonly string[] = Object.values(FENCED_PRODUCER_ERRORS);

const TRANSIENT_TEXTS: readonly string[] = Object.values(TRANSIENT_BROKER_ERRORS);
const TRANSIENT_TYPES: ReadonlySet<string> = new Set(Object.keys(TRANSIENT_BROKER_ERRORS));

/** kafkajs self-healing steps it logs at ERROR (consumer/runner.js, consumer/index.js). */
const SELF_HEALING_MESSAGES: readonly RegExp[] = [
  // Only logged after a crash kafkajs judged retriable; the "Crash: …" line says why.
  /^Restarting the consumer in \d+ms$/,
  /^The coordinator is not aware of this member, re-joining the group$/,
];

/**
 * kafkajs WARN lines about choices Vigil made on purpose: the default (murmur2, Java-compatible)
 * partitioner every producer relies on for co-partitioning (Vigil's producers name it, see
 * JAVA_COMPATIBLE_PARTITIONER, so only other clients log it), and bounded retries on idempotent
 * producers (an outage must surface; after a send that failed, Vigil replaces the producer, so
 * the sequence numbers kafkajs rolled back cannot make the broker drop the next records).
 */
const DELIBERATE_CHOICES: readonly RegExp[] = [
  /^KafkaJS v2\.0\.0 switched default partitioner/,
  /^Limiting retries for the idempotent producer may invalidate EoS guarantees$/,
];

/**
 * kafkajs retrier lines that always precede another attempt (cluster/brokerPool.js,
 * producer/sendMessages.js). Other lines carrying retryCount may be followed by a bail.
 */
const RETRIED_MESSAGES: readonly RegExp[] = [
  /^Failed to connect to seed broker, trying another broker from the list: /,
  /^Failed to connect to broker, reconnecting$/,
  /^Failed to send messages: /,
];

/**
 * A retry loop that persists is worth a warning; its first attempts are routine (a broker
 * restart or a coordinator move heals within them). Exhausted retries surface as an error:
 * a consumer "Crash: KafkaJSNumberOfRetriesExceeded …" line or the caller's own failure.
 */
const ROUTINE_RETRIES = 2;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  return '';
}

function mentionsTransient(entry: KafkajsLogLine): boolean {
  const { error } = entry.extra;
  if (typeof error === 'object' && error !== null && 'type' in error) {
    if (typeof error.type === 'string' && TRANSIENT_TYPES.has(error.type)) return true;
  }
  const said = `${text(entry.message)}\n${text(error)}`;
  return TRANSIENT_TEXTS.some((t) => said.includes(t));
}

function mentionsFencing(entry: KafkajsLogLine): boolean {
  const said = `${text(entry.message)}\n${text(entry.extra.error)}`;
  return FENCED_TEXTS.some((t) => said.includes(t));
}

function isRetryAttempt(extra: KafkajsLogLine['extra']): extra is { retryCount: number } {
  return typeof extra.retryCount === 'number' && typeof extra.retryTime === 'number';
}

/** An ERROR line from kafkajs: kept at error only when no retry or rejoin is coming. */
function errorLevel(entry: KafkajsLogLine): KafkajsPinoLevel {
  const message = text(entry.message);
  // Retries exhausted on a transient answer: kafkajs restarts the consumer (restartOnFailure),
  // readiness reports it meanwhile; a warning, since it outlasted every retry.
  if (message.startsWith('Crash: ')) return mentionsTransient(entry) ? 'warn' : 'error';
  // One request's answer; the caller (retrier, rejoin) decides and logs what happens next.
  if (entry.namespace === 'Connection' && mentionsTransient(entry)) return 'debug';
  // Socket-level failure of one connection; the retrying caller logs its attempt below.
  if (entry.namespace === 'Connection' && /^Connection (error|timeout)/.test(message))
    return 'info';
  if (SELF_HEALING_MESSAGES.some((pattern) => pattern.test(message))) return 'info';
  // A fenced transaction: the request's answer (Connection) and kafkajs's producer retrier
  // (Producer) both precede the publisher's own warning, which names the unit.
  if (mentionsFencing(entry)) return entry.namespace === 'Connection' ? 'debug' : 'info';
  if (isRetryAttempt(entry.extra)) {
    if (mentionsTransient(entry)) return 'info';
    if (RETRIED_MESSAGES.some((pattern) => pattern.test(message)))
      return entry.extra.retryCount < ROUTINE_RETRIES ? 'info' : 'warn';
  }
  return 'error';
}

/**
 * The pino level of a kafkajs log line. kafkajs logs every retried broker answer at ERROR, so a
 * fresh broker start reads like an outage; an error-level line here means an operator must act.
 * kafkajs INFO (joins, commits) is chatty and goes to debug.
 */
export function kafkajsLogLevel(entry: KafkajsLogLine): KafkajsPinoLevel {
  switch (entry.level) {
    case logLevel.ERROR:
      return errorLevel(entry);
    case logLevel.WARN:
      return DELIBERATE_CHOICES.some((pattern) => pattern.test(text(entry.message)))
        ? 'info'
        : 'warn';
    case logLevel.INFO:
      return 'debug';
    case logLevel.DEBUG:
    case logLevel.NOTHING:
      return 'trace';
  }
}
