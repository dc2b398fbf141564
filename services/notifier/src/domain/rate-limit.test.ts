import { describe, expect, it } from 'vitest';
import { rateLimitStatus, suppressionReason, type RateLimitPolicy } from './rate-limit.ts';

const policy: RateLimitPolicy = { maxPerWindow: 3, windowMs: 3_600_000, exemptKinds: [] };

describe('rateLimitStatus', () => {
  it('queues notices while the account is under its limit and suppresses from the limit on', () => {
    expect(rateLimitStatus('verification_request', 0, policy)).toBe('pending');
    expect(rateLimitStatus('verification_request', 2, policy)).toBe('pending');
    expect(rateLimitStatus('verification_request', 3, policy)).toBe('suppressed');
    expect(rateLimitStatus('lock_notice', 7, policy)).toBe('suppressed');
  });

  it('never suppresses exempt kinds', () => {
    expect(rateLimitStatus('lock_notice', 99, { ...policy, exemptKinds: ['lock_notice'] })).toBe(
      'pending',
    );
    expect(
      rateLimitStatus('verification_request', 99, { ...policy, exemptKinds: ['lock_notice'] }),
    ).toBe('suppressed');
  });

  it('a zero limit suppresses everything that is not exempt', () => {
    expect(rateLimitStatus('access_restored', 0, { ...policy, maxPerWindow: 0 })).toBe(
      'suppressed',
    );
  });

  it('names the limit a suppressed notice ran into', () => {
    expect(suppressionReason(policy)).toBe('rate limit: 3 per 3600000 ms');
  });
});
