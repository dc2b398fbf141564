import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimeLeft, parseDuration } from './duration.ts';

describe('durations', () => {
  it('a window reads as it was written', () => {
    expect(formatDuration(parseDuration('10m')!)).toBe('10m');
    expect(formatDuration(parseDuration('90s')!)).toBe('90s');
    expect(formatDuration(1_500)).toBe('1500ms');
  });

  it('a time left reads in its two largest units, a zero second one left out', () => {
    expect(formatTimeLeft(90_061_000)).toBe('1d 1h');
    expect(formatTimeLeft(30 * 86_400_000 - 2_000)).toBe('29d 23h');
    expect(formatTimeLeft(3_600_000)).toBe('1h');
    expect(formatTimeLeft(40_000)).toBe('40s');
    expect(formatTimeLeft(500)).toBe('500ms');
  });
});
