import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DetailedBucket, DetailedBuckets } from './bucket-detail.ts';
import { BUCKET_DETAIL_BYTES } from './feature-state-layout.ts';

interface Recorded {
  at: number;
  increment: number;
}

/** The truth: increments recorded at times in (from, at]. */
function exact(events: readonly Recorded[], from: number, at: number): number {
  return events.filter((e) => e.at > from && e.at <= at).reduce((sum, e) => sum + e.increment, 0);
}

function recorded(events: readonly Recorded[], bucketMs: number): DetailedBuckets {
  const buckets = new DetailedBuckets(bucketMs);
  for (const e of events) buckets.add(e.at, e.increment);
  return buckets;
}

const BASE = Date.parse('2026-01-01T00:00:00Z');
const WINDOW = 60_000;
const BUCKET = 5_000;

describe('DetailedBucket', () => {
  it('cuts exactly while its detail holds, and only at its range once it overflowed', () => {
    const bucket = new DetailedBucket();
    // ",100", ",110" … ",250": 16 events of 4 bytes fill the detail exactly.
    const count = BUCKET_DETAIL_BYTES / 4;
    for (let i = 0; i < count; i += 1) bucket.add(100 + i * 10, 1);
    expect(bucket.after(129)).toBe(count - 3);
    expect(bucket.atOrBefore(129, 0)).toBe(3);
    bucket.add(500, 2); // ",500:2" does not fit: offsets 100..500 remain, no detail
    expect(bucket.sum).toBe(count + 2);
    expect(bucket.after(99)).toBe(bucket.sum);
    expect(bucket.after(500)).toBe(0);
    expect(bucket.after(129)).toBe(0); // ambiguous: left out
    expect(bucket.atOrBefore(500, 0)).toBe(bucket.sum);
    expect(bucket.atOrBefore(129, 1)).toBe(1); // ambiguous: only the reader's own increment
  });
});

describe('DetailedBuckets: a window as of an event time', () => {
  it('counts (at − W, at]: an event exactly W before is out, 1 ms later is in', () => {
    const buckets = recorded([{ at: BASE + 7_000, increment: 1 }], BUCKET);
    const sum = (at: number) => buckets.sumIn(at - WINDOW, at, 0);
    expect(sum(BASE + 7_000)).toBe(1);
    expect(sum(BASE + 7_000 + WINDOW - 1)).toBe(1);
    expect(sum(BASE + 7_000 + WINDOW)).toBe(0);
    expect(sum(BASE + 7_000 + WINDOW + 1)).toBe(0);
    // Recorded after the reading instant: never counted (another partition ahead, or a late reader).
    expect(sum(BASE + 6_999)).toBe(0);
    expect(sum(BASE + 5_000)).toBe(0);
  });

  it('is the exact window sum whatever the recording order, while no bucket overflows (property)', () => {
    const event = fc.record({
      offset: fc.integer({ min: 0, max: 5 * WINDOW }),
      increment: fc.integer({ min: 1, max: 1_000 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.nat(5 * WINDOW), (raw, readAt) => {
        const events = raw.map((e) => ({ at: BASE + e.offset, increment: e.increment }));
        const perBucket = new Map<number, number>();
        for (const e of events) {
          const index = Math.floor(e.at / BUCKET);
          perBucket.set(index, (perBucket.get(index) ?? 0) + 1);
        }
        // ",4999:1000" is the longest entry here: 6 of them always fit.
        fc.pre([...perBucket.values()].every((n) => n <= 6));
        const at = BASE + readAt;
        const buckets = recorded(events, BUCKET);
        expect(buckets.sumIn(at - WINDOW, at, 0)).toBe(exact(events, at - WINDOW, at));
        expect(buckets.sumIn(Number.NEGATIVE_INFINITY, at, 0)).toBe(
          exact(events, Number.NEGATIVE_INFINITY, at),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('with overflowing buckets never over-counts and misses at most one bucket of time (property)', () => {
    // Bursts: many events per bucket, so edge buckets overflow their detail.
    const event = fc.record({
      offset: fc.integer({ min: 0, max: 3 * BUCKET }),
      increment: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 3 * BUCKET }),
        (raw, readAt) => {
          const window = 2 * BUCKET;
          const events = raw.map((e) => ({ at: BASE + e.offset, increment: e.increment }));
          const at = BASE + readAt;
          const value = recorded(events, BUCKET).sumIn(at - window, at, 0);
          const truth = exact(events, at - window, at);
          expect(value).toBeLessThanOrEqual(truth);
          // What is missed lies in the cut parts of the two edge buckets: together one bucket
          // of time, (at − W, start of the next bucket) and [start of at's bucket, at].
          const edgeEnd = (Math.floor((at - window) / BUCKET) + 1) * BUCKET;
          const cutStart = Math.floor(at / BUCKET) * BUCKET;
          const edges =
            exact(events, at - window, Math.min(edgeEnd - 1, at)) +
            exact(events, Math.max(cutStart - 1, at - window), at);
          expect(truth - value).toBeLessThanOrEqual(edges);
        },
      ),
      { numRuns: 400 },
    );
  });
});
