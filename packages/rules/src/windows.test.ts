import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketedCounter, defaultBucketMs, localDay, windowBuckets } from './windows.ts';

const HOUR = 3_600_000;

function bruteForce(
  events: { at: number; amount: number }[],
  now: number,
  windowMs: number,
): number {
  return events
    .filter((e) => e.at > now - windowMs && e.at <= now)
    .reduce((sum, e) => sum + e.amount, 0);
}

describe('bucketed sliding window', () => {
  it('never under-counts and over-counts by at most one bucket (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          [60_000, 5_000],
          [3_600_000, 300_000],
          [86_400_000, 3_600_000],
          [120_000, 10_000],
        ),
        fc.array(
          fc.record({
            offset: fc.integer({ min: 0, max: 3 * 86_400_000 }),
            amount: fc.integer({ min: 1, max: 1_000 }),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        ([windowMs, bucketMs], raw, nowOffset) => {
          const base = Date.parse('2026-01-01T00:00:00Z');
          const now = base + nowOffset;
          const events = raw
            .map((e) => ({ at: base + e.offset, amount: e.amount }))
            .filter((e) => e.at <= now);
          const counter = new BucketedCounter(windowMs, bucketMs);
          for (const e of events) counter.add(e.at, e.amount);
          const bucketed = counter.read(now);
          expect(bucketed).toBeGreaterThanOrEqual(bruteForce(events, now, windowMs));
          expect(bucketed).toBeLessThanOrEqual(bruteForce(events, now, windowMs + bucketMs));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the bucket of `at` plus window/bucket earlier ones', () => {
    expect(windowBuckets(10 * 60_000 + 1, 60_000, 5_000)).toEqual({ first: 108, last: 120 });
  });

  it('drops an event once it is more than window + bucket old', () => {
    const counter = new BucketedCounter(60_000, 5_000);
    counter.add(0, 1);
    expect(counter.read(59_999)).toBe(1);
    expect(counter.read(64_999)).toBe(1); // inside the one-bucket tolerance
    expect(counter.read(65_000)).toBe(0);
  });

  it('picks a default bucket that divides the window into at least 12 parts', () => {
    for (const windowMs of [60_000, 120_000, HOUR, 6 * HOUR, 24 * HOUR, 48 * HOUR]) {
      const bucket = defaultBucketMs(windowMs);
      expect(windowMs % bucket).toBe(0);
      expect(windowMs / bucket).toBeGreaterThanOrEqual(12);
    }
  });
});

describe('localDay', () => {
  it('Asia/Tokyo days start at 15:00 UTC the day before', () => {
    expect(localDay(Date.parse('2026-11-24T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-11-24');
    expect(localDay(Date.parse('2026-11-24T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-11-25');
    expect(localDay(Date.parse('2026-11-24T15:00:00.000Z'), 'UTC')).toBe('2026-11-24');
    expect(localDay(Date.parse('2026-11-24T23:59:59.999Z'), 'UTC')).toBe('2026-11-24');
    expect(localDay(Date.parse('2026-11-25T00:00:00.000Z'), 'UTC')).toBe('2026-11-25');
  });

  it('a Tokyo day is the UTC day of the instant shifted by +9 h (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('2000-01-01T00:00:00Z'),
          max: Date.parse('2100-01-01T00:00:00Z'),
        }),
        (at) => {
          expect(localDay(at, 'Asia/Tokyo')).toBe(
            new Date(at + 9 * HOUR).toISOString().slice(0, 10),
          );
          expect(localDay(at, 'UTC')).toBe(new Date(at).toISOString().slice(0, 10));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('two instants share a Tokyo day exactly when they fall between the same local midnights (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (a, b) => {
          const base = Date.parse('2026-03-01T15:00:00Z'); // a Tokyo midnight
          const dayA = Math.floor(a / 86_400_000);
          const dayB = Math.floor(b / 86_400_000);
          expect(localDay(base + a, 'Asia/Tokyo') === localDay(base + b, 'Asia/Tokyo')).toBe(
            dayA === dayB,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
