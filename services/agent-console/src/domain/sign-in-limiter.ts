/**
 * Failed sign-ins per client address in a sliding window: guessing tokens costs the guesser
 * time, while a contact-centre floor behind one NAT address can still sign in at shift start
 * (successful sign-ins do not count). Pure: the caller passes the clock.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** How long the client must wait before trying again, or null when it may try now. */
  retryAfterMs(client: string, nowMs: number): number | null {
    const recent = this.recent(client, nowMs);
    return recent.length >= this.limit ? recent[0]! + this.windowMs - nowMs : null;
  }

  recordFailure(client: string, nowMs: number): void {
    this.failures.set(client, [...this.recent(client, nowMs), nowMs]);
  }

  /** Drops clients with no failure in the window, so the map stays as small as the traffic. */
  prune(nowMs: number): void {
    for (const client of [...this.failures.keys()])
      if (this.recent(client, nowMs).length === 0) this.failures.delete(client);
  }

  get size(): number {
    return this.failures.size;
  }

  private recent(client: string, nowMs: number): number[] {
    const since = nowMs - this.windowMs;
    return (this.failures.get(client) ?? []).filter((at) => at > since);
  }
}
