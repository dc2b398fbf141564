/** The protocol fields of a kafkajs error (its type name and Kafka error code). */
export type KafkaErrorFields = { type?: string; code?: number };

/**
 * Whether `error`, or an error in its chain of causes, matches: kafkajs wraps protocol errors
 * (a retrier that gives up, a crash) and keeps the original as the cause.
 */
export function inCauses(error: unknown, matches: (fields: KafkaErrorFields) => boolean): boolean {
  const record = error as KafkaErrorFields & { cause?: unknown };
  if (matches(record)) return true;
  return record.cause !== undefined && record.cause !== error && inCauses(record.cause, matches);
}

/**
 * Another process joined the group with this member's group instance id (KIP-345) and took its
 * partitions: the member must stop, not rejoin (kafkajs patch: not retried, never restarted).
 */
export const isFencedInstance = (error: unknown) =>
  inCauses(error, ({ type, code }) => type === 'FENCED_INSTANCE_ID' || code === 82);
