import { describe, expect, it } from 'vitest';
import { medianInterval, verdictAgainst } from './median-interval.ts';

describe('sign-test interval of a median', () => {
  it('takes the 3rd and 10th of 12 values: 96.1 % (the 4th and 9th would cover only 85.4 %)', () => {
    const values = [12, -565, 3, -47, 87, -9, 290, -89, 23, -4, 54, 11];
    const interval = medianInterval(values, 0.9)!;
    // sorted: −565 −89 −47 −9 −4 3 11 12 23 54 87 290
    expect(interval.low).toBe(-47);
    expect(interval.high).toBe(54);
    expect(interval.confidence).toBeCloseTo(1 - (2 * (1 + 12 + 66)) / 4096, 10);
    expect(medianInterval(values, 0.8)).toMatchObject({ low: -9, high: 23 });
  });

  it('is the whole range when there are too few pairs for the coverage asked (6: 96.9 %)', () => {
    const interval = medianInterval([5, -3, 40, 1, 0, 2], 0.9)!;
    expect(interval).toMatchObject({ low: -3, high: 40 });
    expect(interval.confidence).toBeCloseTo(1 - 2 / 64, 10);
    // Two pairs cannot reach 90 %: min to max, covering half the time.
    expect(medianInterval([4, -4], 0.9)).toEqual({ low: -4, high: 4, confidence: 0.5 });
    expect(medianInterval([], 0.9)).toBeUndefined();
  });

  it('does not depend on the order of the values', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7];
    expect(medianInterval(values)).toEqual(medianInterval([...values].reverse()));
  });

  it('says within, beyond or not told apart against a limit', () => {
    expect(verdictAgainst({ low: -40, high: 10, confidence: 0.96 }, 10)).toBe('within');
    expect(verdictAgainst({ low: 10.5, high: 80, confidence: 0.96 }, 10)).toBe('beyond');
    expect(verdictAgainst({ low: -40, high: 10.1, confidence: 0.96 }, 10)).toBe('not told apart');
    // Four pairs' range covers the median 87.5 % of the time: short of 90 %.
    const four = medianInterval([1, 2, 3, 4])!;
    expect(four.confidence).toBe(0.875);
    expect(verdictAgainst(four, 10)).toBe('too few pairs');
    expect(verdictAgainst(medianInterval([1, 2, 3, 4, 5])!, 10)).toBe('within');
  });
});
