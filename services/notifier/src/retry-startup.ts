import { classifyError } from '@vigil/errors';
import type { Logger } from 'pino';

/**
 * Start-up steps that need a dependency (migrations, producer connect) wait for it with capped
 * backoff instead of exiting: an outage at boot stalls the pod (not ready) rather than crash-looping.
 * Non-retryable errors (bad SQL, bad config) still fail fast.
 */
export async function retryStartup<T>(what: string, logger: Logger, step: () => Promise<T>, maxDelayMs = 30_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const failure = classifyError(error);
      if (!failure.retryable) throw failure;
      const delay = Math.min(maxDelayMs, 500 * 2 ** Math.min(attempt, 10));
      logger.warn({ err: failure, attempt, retryInMs: delay }, `${what} failed; waiting for the dependency`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
