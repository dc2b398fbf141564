import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';

const draw = (rng: Prng, n: number) => Array.from({ length: n }, () => rng.next());

describe('Prng', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    expect(draw(new Prng(42, 'a'), 50)).toEqual(draw(new Prng(42, 'a'), 50));
  });

  it('differs across seeds and across stream names', () => {
    const base = draw(new Prng(42, 'a'), 10);
    expect(draw(new Prng(43, 'a'), 10)).not.toEqual(base);
    expect(draw(new Prng(42, 'b'), 10)).not.toEqual(base);
  });

  it('stays in range and covers it', () => {
    const rng = new Prng(1);
    const ints = Array.from({ length: 5_000 }, () => rng.int(3, 7));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6, 7]));
    const floats = draw(rng, 5_000);
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(floats.reduce((a, b) => a + b, 0) / floats.length).toBeCloseTo(0.5, 1);
  });

  it('weighted picks follow the weights', () => {
    const rng = new Prng(9);
    const picks = Array.from({ length: 10_000 }, () => rng.weighted([['a', 9], ['b', 1]] as const));
    const share = picks.filter((p) => p === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.93);
  });

  it('sample returns distinct items', () => {
    const picked = new Prng(5).sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(new Set(picked).size).toBe(5);
  });
});
