import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

const secret = 'x'.repeat(32);

describe('notifier env', () => {
  it('applies defaults and parses lists', () => {
    const env = parseEnv({ VERIFICATION_SECRET: secret, SMTP_HOST: 'smtp.local', RATE_LIMIT_EXEMPT_KINDS: 'lock_notice' });
    expect(env.DECISIONS_TOPIC).toBe('risk.decisions.v1');
    expect(env.FEEDBACK_TOPIC).toBe('risk.feedback.v1');
    expect(env.RATE_LIMIT_MAX).toBe(5);
    expect(env.RATE_LIMIT_EXEMPT_KINDS).toEqual(['lock_notice']);
    expect(env.SMS_WEBHOOK_URL).toBeUndefined();
  });

  it('refuses a short secret, no channel at all, and a case-service address without a token', () => {
    expect(() => parseEnv({ VERIFICATION_SECRET: 'short', SMTP_HOST: 'smtp.local' })).toThrowError(/VERIFICATION_SECRET/);
    expect(() => parseEnv({ VERIFICATION_SECRET: secret })).toThrowError(/at least one channel/);
    expect(() => parseEnv({ VERIFICATION_SECRET: secret, SMTP_HOST: 'h', CASE_SERVICE_ADDR: 'cases:50051' })).toThrowError(
      /CASE_SERVICE_TOKEN/,
    );
  });
});
