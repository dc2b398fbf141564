import { describe, expect, it } from 'vitest';
import { PoisonIsolation } from './poison-isolation.ts';

describe('PoisonIsolation', () => {
  it('retries a failing batch, then hands its records out one at a time', () => {
    const isolation = new PoisonIsolation(3);
    expect(isolation.limit(500)).toBe(500);
    expect(isolation.failed(40, 1)).toBe('retry');
    expect(isolation.failed(40, 2)).toBe('retry');
    expect(isolation.failed(40, 3)).toBe('isolate');
    expect(isolation.limit(500)).toBe(1);
    // The first 39 go through on their own; the last one fails as often: its dead letter.
    for (let i = 0; i < 39; i += 1) isolation.succeeded(1);
    expect(isolation.limit(500)).toBe(1);
    expect(isolation.failed(1, 1)).toBe('retry');
    expect(isolation.failed(1, 3)).toBe('dead-letter');
    expect(isolation.limit(500)).toBe(500);
  });

  it('dead-letters a lone record after its attempts, and whole batches resume after the split', () => {
    const isolation = new PoisonIsolation(3);
    expect(isolation.failed(1, 2)).toBe('retry');
    expect(isolation.failed(1, 3)).toBe('dead-letter');
    expect(isolation.limit(10)).toBe(10);
    isolation.failed(4, 3);
    isolation.failed(1, 3);
    for (let i = 0; i < 3; i += 1) isolation.succeeded(1);
    expect(isolation.limit(10)).toBe(10);
  });

  it('forgets a split on a rebalance', () => {
    const isolation = new PoisonIsolation(3);
    isolation.failed(8, 3);
    isolation.reset();
    expect(isolation.limit(10)).toBe(10);
  });
});
