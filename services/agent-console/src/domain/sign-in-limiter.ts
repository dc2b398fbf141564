/**
 * Sign-in attempts per client in a sliding window: a guessed token costs the guesser time, and
 * one noisy client does not lock others out. Pure: the caller passes the clock.
 */
export class SignInLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt; false (and how long to wait) when the client is over its limit. */
  attempt(
    client: string,
    nowMs: number,
  ): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const since = nowMs - this.windowMs;
    const recent = (this.attempts.get(client) ?? []).filter((at) => at > since);
    if (recent.length >= this.limit) {
      this.attempts.set(client, recent);
      return { allowed: false, retryAfterMs: recent[0]! + this.windowMs - nowMs };
    }
    recent.push(nowMs);
    this.attempts.set(client, recent);
    return { allowed: true };
  }

  /** Drops clients with no attempt in the window, so the map stays as small as the traffic. */
  prune(nowMs: number): void {
    const since = nowMs - this.windowMs;
    for (const [client, times] of this.attempts)
      if (times.every((at) => at <= since)) this.attempts.delete(client);
  }

  get size(): number {
    return this.attempts.size;
  }
}
