/** Attempts of a batch failing with a non-retryable error before it is split or dead-lettered. */
export const ISOLATE_AFTER_ATTEMPTS = 3;

export type NonRetryableVerdict = 'retry' | 'isolate' | 'dead-letter';

/**
 * Finding the record a batch keeps failing on when the handler's error is not retryable but names
 * no record (not a PermanentRecordError): a value that breaks an adapter's decoding, state that
 * one event makes unreadable. Retried as it is, such a batch fails forever and holds up every
 * unit behind it ("bad input never blocks a partition"). After a few attempts its records are
 * handed out one at a time; one that still fails on its own, as often, is dead-lettered with the
 * error's code, and the records after it go on. A non-retryable error of every record (none is
 * expected: dependency failures classify as retryable) costs each record its attempts and
 * backoffs before its dead letter, not a flood of them.
 */
export class PoisonIsolation {
  /** Records of the split batch still to be handed out one at a time. */
  private left = 0;

  constructor(private readonly afterAttempts: number = ISOLATE_AFTER_ATTEMPTS) {}

  /** The most records the next batch may hold. */
  limit(max: number): number {
    return this.left > 0 ? 1 : max;
  }

  /** A batch of `records` failed with a non-retryable error on its `attempt`-th attempt (1-based). */
  failed(records: number, attempt: number): NonRetryableVerdict {
    if (attempt < this.afterAttempts) return 'retry';
    if (records > 1) {
      this.left = records;
      return 'isolate';
    }
    this.left = Math.max(0, this.left - 1);
    return 'dead-letter';
  }

  /** A batch of `records` went through. */
  succeeded(records: number): void {
    this.left = Math.max(0, this.left - records);
  }

  /** The units were handed over (a rebalance): what was being split may be another member's. */
  reset(): void {
    this.left = 0;
  }
}
