import { describe, expect, it } from 'vitest';
import { durationMs, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '2 hours', 'h', '5x', '2h junk'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
  });

  it('zod schema accepts strings and numbers and reports bad strings', () => {
    expect(durationMs.parse('2h')).toBe(7_200_000);
    expect(durationMs.parse(1_000)).toBe(1_000);
    expect(durationMs.safeParse('soon').success).toBe(false);
  });
});
