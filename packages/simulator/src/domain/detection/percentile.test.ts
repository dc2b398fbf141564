import { describe, expect, it } from 'vitest';
import { nearestRank } from './percentile.ts';
import { formatDuration } from './render-markdown.ts';

describe('nearestRank', () => {
  it('returns an observed value at the nearest rank', () => {
    const v = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(nearestRank(v, 50)).toBe(50);
    expect(nearestRank(v, 90)).toBe(90);
    expect(nearestRank(v, 91)).toBe(100);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([1, 2, 3], 50)).toBe(2);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '0s'],
    [45_400, '45s'],
    [185_000, '3m 05s'],
    [3_720_000, '1h 02m'],
  ])('%s → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
