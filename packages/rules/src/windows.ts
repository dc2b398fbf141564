/**
 * Sliding windows built from fixed buckets, the arithmetic shared by the Redis Lua script and
 * its reference model. A window of W ms with buckets of B ms (W a multiple of B) reads the
 * bucket holding `at` plus the W/B buckets before it, so it covers every event in (at − W, at]
 * and at most B ms more: it may over-count by one bucket, never under-count — a fraud threshold
 * must not be dodged by timing attempts around a bucket edge.
 */
export function bucketIndex(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs);
}

/** First and last bucket index read for a window ending at `at` (inclusive). */
export function windowBuckets(
  at: number,
  windowMs: number,
  bucketMs: number,
): { first: number; last: number } {
  const last = bucketIndex(at, bucketMs);
  return { first: last - Math.ceil(windowMs / bucketMs), last };
}

/** Default bucket: about 1/12 of the window, at least one second, dividing the window. */
export function defaultBucketMs(windowMs: number): number {
  const candidates = [
    1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  ];
  let best = 1_000;
  for (const candidate of candidates)
    if (candidate * 12 <= windowMs && windowMs % candidate === 0) best = candidate;
  return windowMs % best === 0 ? best : 1_000;
}

/** In-memory model of one bucketed counter; the reference the property tests compare against. */
export class BucketedCounter {
  private readonly buckets = new Map<number, number>();
  constructor(
    private readonly windowMs: number,
    private readonly bucketMs: number,
  ) {}

  add(at: number, amount: number): void {
    const index = bucketIndex(at, this.bucketMs);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + amount);
  }

  read(at: number): number {
    const { first, last } = windowBuckets(at, this.windowMs, this.bucketMs);
    let sum = 0;
    for (let index = first; index <= last; index += 1) sum += this.buckets.get(index) ?? 0;
    return sum;
  }
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar day (YYYY-MM-DD) of an instant in an IANA time zone: daily totals reset at local midnight. */
export function localDay(at: number, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(at));
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
