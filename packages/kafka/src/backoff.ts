export interface RetryPolicy {
  /** Delay before the first retry. */
  initialMs: number;
  /** Ceiling for any single delay, however many attempts have failed. */
  maxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialMs: 200, maxMs: 30_000 };

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so
 * replicas stalled on the same outage do not retry in lock-step yet never retry immediately.
 * `attempt` is 1 for the first retry.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 30));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
