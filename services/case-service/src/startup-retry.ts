import { classifyError } from '@vigil/errors';
import { backoffDelayMs, type RetryPolicy } from '@vigil/kafka';
import type { Logger } from 'pino';

const STARTUP_RETRY: RetryPolicy = { initialMs: 500, maxMs: 10_000 };

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
      const delayMs = backoffDelayMs(attempt, STARTUP_RETRY);
      logger.warn(
        { what, attempt, delayMs, err: classified },
        'dependency unavailable at start-up; retrying',
      );
      await sleep(delayMs);
    }
  }
}
