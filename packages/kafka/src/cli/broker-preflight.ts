import type { Logger } from 'pino';
import { VigilError } from '@vigil/errors';
import { createKafkaClient } from '../kafka-client.ts';

/** Attempts of the probe: a few seconds in all, against the services' ~40 s. */
const PROBE_RETRY = { initialRetryTime: 300, maxRetryTime: 1_000, retries: 2 };

/**
 * Fails within seconds, naming the brokers and where they came from, when none answers. The
 * services' client retries for ~40 s, right for a service riding out a broker restart, not for a
 * person at a prompt, who saw a warning a second for 40 s and then a stack.
 */
export async function requireReachableBrokers(
  brokers: string[],
  logger: Logger,
  source = '--brokers or KAFKA_BROKERS',
): Promise<void> {
  const admin = createKafkaClient({
    clientId: 'vigil-cli-probe',
    brokers,
    // The probe's own retry lines would repeat what its error says.
    logger: logger.child({}, { level: 'error' }),
    connectionTimeoutMs: 2_000,
    retry: PROBE_RETRY,
  }).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new VigilError(
      'KAFKA_UNREACHABLE',
      `no Kafka broker answers at ${brokers.join(',')} (${source}): ${rootMessage(error)}`,
      { retryable: true, cause: error },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The innermost cause's message: kafkajs wraps the connection error in a retries-exceeded one. */
export function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
