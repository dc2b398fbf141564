/**
 * The one retry policy of the repo: capped exponential backoff (×2 per attempt) with jitter.
 * Consumers, outbox relays, polling loops, start-up waits and notification retries all use it,
 * so an operator reasons about one formula.
 */
export interface RetryPolicy {
  /** Delay before the first retry; it doubles per attempt. */
  initialDelayMs: number;
  /** Ceiling for any single delay, however many attempts have failed. */
  maxDelayMs: number;
  /**
   * Share of each delay that is random (0..1): up to that share is taken off, so replicas stalled
   * on the same outage do not retry in lock-step. 1 is "full jitter", 0.5 "equal jitter" (never
   * less than half, so never immediately), 0 none.
   */
  jitter: number;
  /** Attempts in total (the first included) before giving up; absent means retry for ever. */
  maxAttempts?: number;
}

/** Beyond 2^30 the ceiling has long been reached; capping the exponent avoids Infinity. */
const MAX_EXPONENT = 30;

/**
 * The delay after the `attempt`-th failure (1-based): initial·2^(attempt−1), capped at the
 * maximum, then reduced by up to `jitter` of itself. `random` is injectable (returns 0..1; 0 takes
 * nothing off) so tests are deterministic.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, attempt - 1), MAX_EXPONENT);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  return Math.round(ceiling * (1 - jitter * random()));
}

export type RetryOutcome = { status: 'retry'; delayMs: number } | { status: 'give-up' };

/** A permanent error or the last allowed attempt ends the retries; anything else waits and retries. */
export function afterFailure(
  policy: RetryPolicy,
  attempt: number,
  retryable: boolean,
  random: () => number = Math.random,
): RetryOutcome {
  if (!retryable || attempt >= (policy.maxAttempts ?? Number.POSITIVE_INFINITY)) {
    return { status: 'give-up' };
  }
  return { status: 'retry', delayMs: backoffDelayMs(policy, attempt, random) };
}
