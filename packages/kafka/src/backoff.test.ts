import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const policy = { initialMs: 100, maxMs: 1_000 };

describe('backoffDelayMs', () => {
  it('doubles per attempt between half and all of the exponential delay', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(2, policy, () => 1)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(300);
  });

  it('never exceeds maxMs however many attempts failed', () => {
    expect(backoffDelayMs(50, policy, () => 1)).toBe(1_000);
    expect(backoffDelayMs(5_000, policy, () => 1)).toBe(1_000);
  });

  it('spreads delays with jitter', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(4, policy)));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(400);
  });
});
