import { describe, expect, it } from 'vitest';
import { combineScores, moreSevere, outcomeForScore } from './combine-score.ts';
import { CUTOFFS } from './test-helpers.ts';

describe('combineScores', () => {
  it('noisy-OR reinforces without exceeding 100', () => {
    expect(combineScores([], 'noisy_or')).toBe(0);
    expect(combineScores([50], 'noisy_or')).toBe(50);
    expect(combineScores([50, 50], 'noisy_or')).toBe(75);
    expect(combineScores([40, 40, 40], 'noisy_or')).toBe(78.4);
    expect(combineScores([100, 10], 'noisy_or')).toBe(100);
  });

  it('capped sum adds and saturates at 100', () => {
    expect(combineScores([30, 45], 'capped_sum')).toBe(75);
    expect(combineScores([60, 70], 'capped_sum')).toBe(100);
  });

  it('clamps out-of-range inputs', () => {
    expect(combineScores([-10, 150], 'capped_sum')).toBe(100);
  });
});

describe('outcomeForScore', () => {
  it('maps scores at the edges of every cut-off', () => {
    expect(outcomeForScore(39.99, CUTOFFS)).toBe('allow');
    expect(outcomeForScore(40, CUTOFFS)).toBe('challenge');
    expect(outcomeForScore(69.99, CUTOFFS)).toBe('challenge');
    expect(outcomeForScore(70, CUTOFFS)).toBe('review');
    expect(outcomeForScore(89.99, CUTOFFS)).toBe('review');
    expect(outcomeForScore(90, CUTOFFS)).toBe('block');
  });

  it('moreSevere orders allow < challenge < review < block', () => {
    expect(moreSevere('allow', 'challenge')).toBe('challenge');
    expect(moreSevere('block', 'review')).toBe('block');
    expect(moreSevere('review', 'block')).toBe('block');
  });
});
