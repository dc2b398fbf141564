/**
 * A distribution-free interval for the median of paired differences (the sign test's): with n
 * values sorted, [x(k), x(n+1−k)] holds the true median with probability 1 − 2·P(Bin(n, ½) < k),
 * whatever the differences' distribution. An interleaved A/B on this box pairs steps whose p99s
 * swing by tens of milliseconds from one minute to the next; a point median of six pairs then
 * says "met" in one run and "missed" nine minutes later on the same code. The interval says
 * instead whether the run can tell the two apart from the limit at all.
 */
/** The coverage asked of an interval, and below which its verdict says nothing. */
export const INTERVAL_CONFIDENCE = 0.9;

export interface MedianInterval {
  low: number;
  high: number;
  /** The interval's actual coverage (discrete: at least the one asked for, when n allows). */
  confidence: number;
}

/** P(Bin(n, ½) ≤ k). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = 0;
  for (let i = 0; i <= k; i += 1) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * The narrowest sign-test interval whose coverage is at least `confidence`; with too few values
 * for that, the widest one there is (minimum to maximum) and its coverage. Undefined for none.
 */
export function medianInterval(
  values: readonly number[],
  confidence = INTERVAL_CONFIDENCE,
): MedianInterval | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  let k = 1;
  while (k + 1 <= (n + 1) / 2 && 1 - 2 * binomialHalfCdf(n, k) >= confidence) k += 1;
  return {
    low: sorted[k - 1]!,
    high: sorted[n - k]!,
    confidence: Math.min(1, 1 - 2 * binomialHalfCdf(n, k - 1)),
  };
}

export type LimitVerdict = 'within' | 'beyond' | 'not told apart' | 'too few pairs';

/**
 * Whether the median difference is within `limit` (the whole interval at or below it), beyond
 * it (the whole interval above), or the run cannot tell; an interval that covers less than
 * `confidence` (fewer than 5 values for 90 %) says nothing either way.
 */
export function verdictAgainst(
  interval: MedianInterval,
  limit: number,
  confidence = INTERVAL_CONFIDENCE,
): LimitVerdict {
  if (interval.confidence < confidence) return 'too few pairs';
  if (interval.high <= limit) return 'within';
  if (interval.low > limit) return 'beyond';
  return 'not told apart';
}
