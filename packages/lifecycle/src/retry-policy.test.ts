import { describe, expect, it } from 'vitest';
import { afterFailure, backoffDelayMs, type RetryPolicy } from './retry-policy.ts';

const noJitter = () => 0;
const mostJitter = () => 1;

describe('backoffDelayMs with equal jitter (consumers, relays)', () => {
  const policy: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 };

  it('doubles per attempt between half and all of the exponential delay', () => {
    expect(backoffDelayMs(policy, 1, mostJitter)).toBe(50);
    expect(backoffDelayMs(policy, 1, noJitter)).toBe(100);
    expect(backoffDelayMs(policy, 2, noJitter)).toBe(200);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(300);
  });

  it('never exceeds maxDelayMs however many attempts failed', () => {
    expect(backoffDelayMs(policy, 50, noJitter)).toBe(1_000);
    expect(backoffDelayMs(policy, 5_000, noJitter)).toBe(1_000);
  });

  it('spreads delays with jitter', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(policy, 4)));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});

describe('backoffDelayMs with a 20 % jitter share (notification sends)', () => {
  const policy: RetryPolicy = {
    maxAttempts: 5,
    initialDelayMs: 1_000,
    maxDelayMs: 60_000,
    jitter: 0.2,
  };

  it('doubles per attempt from the initial delay', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('caps at the maximum, even for absurd attempt numbers', () => {
    expect(backoffDelayMs(policy, 10, noJitter)).toBe(60_000);
    expect(backoffDelayMs(policy, 1_000, noJitter)).toBe(60_000);
  });

  it('takes at most the jitter share off the delay', () => {
    expect(backoffDelayMs(policy, 3, mostJitter)).toBe(3_200);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(3_600);
  });
});

describe('backoffDelayMs without jitter (Kafka CONCURRENT_TRANSACTIONS)', () => {
  it('doubles from 1 ms to the cap exactly', () => {
    const policy: RetryPolicy = { initialDelayMs: 1, maxDelayMs: 256, jitter: 0 };
    expect([1, 2, 3, 9, 10, 40].map((attempt) => backoffDelayMs(policy, attempt))).toEqual([
      1, 2, 4, 256, 256, 256,
    ]);
  });
});

describe('afterFailure', () => {
  const policy: RetryPolicy = {
    maxAttempts: 5,
    initialDelayMs: 1_000,
    maxDelayMs: 60_000,
    jitter: 0.2,
  };

  it('retries a retryable failure until the last attempt, then gives up', () => {
    expect(afterFailure(policy, 1, true, noJitter)).toEqual({ status: 'retry', delayMs: 1_000 });
    expect(afterFailure(policy, 4, true, noJitter)).toEqual({ status: 'retry', delayMs: 8_000 });
    expect(afterFailure(policy, 5, true, noJitter)).toEqual({ status: 'give-up' });
  });

  it('gives up at once on a permanent failure', () => {
    expect(afterFailure(policy, 1, false, noJitter)).toEqual({ status: 'give-up' });
  });

  it('retries for ever without maxAttempts', () => {
    const forever: RetryPolicy = { initialDelayMs: 10, maxDelayMs: 10, jitter: 0 };
    expect(afterFailure(forever, 1_000_000, true)).toEqual({ status: 'retry', delayMs: 10 });
  });
});
