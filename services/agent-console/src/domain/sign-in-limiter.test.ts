import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.ts';

describe('SignInLimiter', () => {
  it('allows `limit` attempts per window and says when the next one may come', () => {
    const limiter = new SignInLimiter(3, 60_000);
    for (const at of [0, 1_000, 2_000]) expect(limiter.attempt('ip-a', at).allowed).toBe(true);
    expect(limiter.attempt('ip-a', 3_000)).toEqual({ allowed: false, retryAfterMs: 57_000 });
    // Another client is not affected.
    expect(limiter.attempt('ip-b', 3_000).allowed).toBe(true);
    // Once the first attempt leaves the window, one more is allowed.
    expect(limiter.attempt('ip-a', 60_001).allowed).toBe(true);
  });

  it('forgets clients whose attempts are all older than the window', () => {
    const limiter = new SignInLimiter(3, 60_000);
    limiter.attempt('ip-a', 0);
    limiter.attempt('ip-b', 50_000);
    limiter.prune(70_000);
    expect(limiter.size).toBe(1);
  });
});
