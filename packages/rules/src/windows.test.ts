import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultBucketMs, formatInZone, localDay } from './windows.ts';

const HOUR = 3_600_000;

describe('window buckets', () => {
  it('picks a default bucket that divides the window into at least 12 parts', () => {
    for (const windowMs of [60_000, 120_000, HOUR, 6 * HOUR, 24 * HOUR, 48 * HOUR]) {
      const bucket = defaultBucketMs(windowMs);
      expect(windowMs % bucket).toBe(0);
      expect(windowMs / bucket).toBeGreaterThanOrEqual(12);
    }
  });

  it('always divides the window, even an odd one (one bucket, cut at both ends)', () => {
    expect(defaultBucketMs(5_000)).toBe(1_000);
    expect(defaultBucketMs(1_500)).toBe(1_500);
    expect(defaultBucketMs(90_500)).toBe(90_500);
  });
});

describe('localDay', () => {
  it('India (UTC+5:30) rolls over at 18:30 UTC, to the millisecond', () => {
    const midnight = Date.parse('2026-11-24T18:30:00.000Z');
    expect(localDay(midnight - 1, 'Asia/Kolkata')).toBe('2026-11-24');
    expect(localDay(midnight, 'Asia/Kolkata')).toBe('2026-11-25');
    expect(localDay(midnight + 1, 'Asia/Kolkata')).toBe('2026-11-25');
  });

  it('New York midnight moves with DST: 04:00 UTC in summer, 05:00 UTC in winter', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
    const beforeSpring = Date.parse('2026-03-08T05:00:00.000Z'); // midnight EST
    expect(localDay(beforeSpring - 1, 'America/New_York')).toBe('2026-03-07');
    expect(localDay(beforeSpring, 'America/New_York')).toBe('2026-03-08');
    const afterSpring = Date.parse('2026-03-09T04:00:00.000Z'); // midnight EDT
    expect(localDay(afterSpring - 1, 'America/New_York')).toBe('2026-03-08');
    expect(localDay(afterSpring, 'America/New_York')).toBe('2026-03-09');
    const fallDay = Date.parse('2026-11-02T05:00:00.000Z'); // midnight EST after the 25 h day
    expect(localDay(fallDay - 1, 'America/New_York')).toBe('2026-11-01');
    expect(localDay(fallDay, 'America/New_York')).toBe('2026-11-02');
    expect(localDay(Date.parse('2026-11-01T04:00:00.000Z'), 'America/New_York')).toBe('2026-11-01');
  });

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

  it('is what a fresh formatter gives, in any order, around DST changes and odd offsets (property)', () => {
    const zones = [
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ];
    // Around 2026's DST changes (March, April, October, November) and any other instant of it.
    const instants = fc.oneof(
      fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
      fc
        .constantFrom(
          Date.UTC(2026, 2, 8, 7),
          Date.UTC(2026, 2, 29, 1),
          Date.UTC(2026, 3, 5, 0),
          Date.UTC(2026, 9, 25, 1),
          Date.UTC(2026, 10, 1, 6),
        )
        .chain((at) => fc.integer({ min: at - 86_400_000, max: at + 86_400_000 })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(instants, fc.constantFrom(...zones)), { minLength: 1, maxLength: 40 }),
        (reads) => {
          for (const [at, timeZone] of reads) {
            const fresh = new Intl.DateTimeFormat('en-CA', {
              timeZone,
              year: 'numeric',
              month: '2-digit',
              day: '2-digit',
            });
            expect(localDay(at, timeZone)).toBe(fresh.format(new Date(at)));
            const time = new Intl.DateTimeFormat('en-GB', {
              timeZone,
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            });
            expect(formatInZone(at, timeZone, 'time')).toBe(time.format(new Date(at)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
