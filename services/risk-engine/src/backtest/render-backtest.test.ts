import { describe, expect, it } from 'vitest';
import { delta } from './render-backtest.ts';

describe('delta', () => {
  it('shows a change of tenths without binary floating-point noise', () => {
    expect(delta(116.2, 115.8)).toBe('-0.4');
    expect(delta(0.1, 0.3)).toBe('+0.2');
  });

  it('signs counts and shows no change as 0', () => {
    expect(delta(1725, 1683)).toBe('-42');
    expect(delta(514, 514)).toBe('0');
    expect(delta(0, 3)).toBe('+3');
  });
});
