import { classifyError } from '@vigil/errors';
import type { Logger } from 'pino';

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/** Capped exponential backoff with jitter, so replicas restarted together do not retry in step. */
function startupDelayMs(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** Math.min(attempt - 1, 16));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

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
      const delayMs = startupDelayMs(attempt);
      logger.warn(
        { what, attempt, delayMs, err: classified },
        'dependency unavailable at start-up; retrying',
      );
      await sleep(delayMs);
    }
  }
}
