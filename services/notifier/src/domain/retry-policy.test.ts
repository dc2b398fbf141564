import { describe, expect, it } from 'vitest';
import { afterFailure, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, jitter: 0.2 };
const noJitter = () => 0;

describe('retryDelayMs', () => {
  it('doubles per attempt from the base delay', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('caps at the maximum, even for absurd attempt numbers', () => {
    expect(retryDelayMs(10, policy, noJitter)).toBe(60_000);
    expect(retryDelayMs(1_000, policy, noJitter)).toBe(60_000);
  });

  it('takes at most the jitter share off the delay', () => {
    expect(retryDelayMs(3, policy, () => 1)).toBe(3_200);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3_600);
  });
});

describe('afterFailure', () => {
  it('retries a retryable failure until the last attempt, then gives up', () => {
    expect(afterFailure(1, true, policy, noJitter)).toEqual({ status: 'retry', delayMs: 1_000 });
    expect(afterFailure(4, true, policy, noJitter)).toEqual({ status: 'retry', delayMs: 8_000 });
    expect(afterFailure(5, true, policy, noJitter)).toEqual({ status: 'dead' });
  });

  it('gives up at once on a permanent failure', () => {
    expect(afterFailure(1, false, policy, noJitter)).toEqual({ status: 'dead' });
  });
});
