import { describe, expect, it } from 'vitest';
import { latencyCells, percentile, ratePerSecond, summarize } from './stats.ts';

describe('bench stats', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes p50/p95/p99/max and does not reorder the input', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
    expect(latencyCells(summarize(samples))).toEqual(['3.0 ms', '5.0 ms', '5.0 ms', '5.0 ms']);
    expect(latencyCells(summarize([]))).toEqual(['n/a', 'n/a', 'n/a', 'n/a']);
  });

  it('turns a count over milliseconds into a per-second rate', () => {
    expect(ratePerSecond(5_000, 2_500)).toBe(2_000);
    expect(ratePerSecond(1, 0)).toBeNaN();
  });
});
