import { classifyError } from '@vigil/errors';
import type { Logger } from 'pino';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.ts';

/** Dependencies restarting together come up within seconds; equal jitter so replicas do not align. */
const STARTUP_RETRY: RetryPolicy = { initialDelayMs: 500, maxDelayMs: 10_000, jitter: 0.5 };

/**
 * Runs a start-up step, waiting out dependency outages (PostgreSQL or Kafka not up yet) with
 * backoff instead of exiting into a crash loop. Anything else (bad SQL, bad config) still fails.
 */
export async function retryWhileUnavailable<T>(
  what: string,
  step: () => Promise<T>,
  logger: Logger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const classified = classifyError(error);
      if (classified.code !== 'DEPENDENCY_UNAVAILABLE') throw error;
      const delayMs = backoffDelayMs(STARTUP_RETRY, attempt);
      logger.warn(
        { what, attempt, delayMs, err: classified },
        'dependency unavailable at start-up; retrying',
      );
      await sleep(delayMs);
    }
  }
}
