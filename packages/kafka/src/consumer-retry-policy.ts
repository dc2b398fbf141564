import type { RetryPolicy } from '@vigil/lifecycle';

/**
 * How a consumer stalls a partition whose handler or dead-letter write failed: soon at first (a
 * blip), then no more than every 30 s; equal jitter so replicas hit by the same outage never retry
 * immediately yet not in lock-step. Services override parts of it through `retry`.
 */
export const CONSUMER_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  jitter: 0.5,
};
