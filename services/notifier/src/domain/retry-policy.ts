/** How the dispatcher retries a failed send. */
export interface RetryPolicy {
  /** Attempts in total (the first included); the row is `dead` after the last one fails. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Share of the delay that is randomised (0..1) so retries of a provider outage do not align. */
  jitter: number;
}

/**
 * Exponential backoff after the `attempt`-th failed attempt (1-based): base·2^(attempt−1), capped,
 * then reduced by up to `jitter` of itself. `random` is injected (Math.random in production).
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  return Math.round(raw * (1 - jitter * random()));
}

export type FailureOutcome = { status: 'retry'; delayMs: number } | { status: 'dead' };

/** A permanent error or the last allowed attempt ends the row; anything else is retried later. */
export function afterFailure(
  attempt: number,
  retryable: boolean,
  policy: RetryPolicy,
  random: () => number = Math.random,
): FailureOutcome {
  if (!retryable || attempt >= policy.maxAttempts) return { status: 'dead' };
  return { status: 'retry', delayMs: retryDelayMs(attempt, policy, random) };
}
