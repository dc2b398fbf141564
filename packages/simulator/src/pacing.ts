/** Wall clock and sleep, injectable so pacing is testable with a fake clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface PacingOptions {
  /** Items per second; undefined = no pacing. */
  rate: number | undefined;
  clock: Clock;
  beforeWait: (() => Promise<void>) | undefined;
  signal: AbortSignal | undefined;
}

/** Sleeps shorter than this are skipped and caught up later: timers are too coarse below it. */
const MIN_SLEEP_MS = 2;

/**
 * Emits item i no earlier than start + i/rate: a steady average rate that catches up after a
 * slow consumer instead of drifting. Stops early when `signal` aborts.
 */
export async function* paced<T>(items: Iterable<T>, options: PacingOptions): AsyncGenerator<T> {
  const { rate, clock } = options;
  if (rate !== undefined && !(rate > 0)) throw new RangeError(`rate must be positive, got ${rate}`);
  const startedAt = clock.now();
  let emitted = 0;
  for (const item of items) {
    if (options.signal?.aborted) return;
    if (rate !== undefined) {
      const due = startedAt + (emitted * 1000) / rate;
      const wait = due - clock.now();
      if (wait >= MIN_SLEEP_MS) {
        await options.beforeWait?.();
        await clock.sleep(wait);
      }
    }
    emitted++;
    yield item;
  }
}
