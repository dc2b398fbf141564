import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.ts';

describe('SignInLimiter', () => {
  it('blocks a client after `limit` failures in the window and says for how long', () => {
    const limiter = new SignInLimiter(3, 60_000);
    for (const at of [0, 1_000, 2_000]) {
      expect(limiter.retryAfterMs('ip-a', at)).toBeNull();
      limiter.recordFailure('ip-a', at);
    }
    expect(limiter.retryAfterMs('ip-a', 3_000)).toBe(57_000);
    // Another client is not affected.
    expect(limiter.retryAfterMs('ip-b', 3_000)).toBeNull();
    // Once the first failure leaves the window, one more try is allowed.
    expect(limiter.retryAfterMs('ip-a', 60_001)).toBeNull();
  });

  it('forgets clients whose failures are all older than the window', () => {
    const limiter = new SignInLimiter(3, 60_000);
    limiter.recordFailure('ip-a', 0);
    limiter.recordFailure('ip-b', 50_000);
    limiter.prune(70_000);
    expect(limiter.size).toBe(1);
  });
});
