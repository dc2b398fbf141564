import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

const secret = 'x'.repeat(32);
/** The two settings without a default. */
const required = { KAFKA_BROKERS: 'kafka:9092', DATABASE_URL: 'postgres://vigil@db:5432/vigil' };

describe('notifier env', () => {
  it('applies defaults and parses lists', () => {
    const env = parseEnv({
      ...required,
      VERIFICATION_SECRET: secret,
      SMTP_HOST: 'smtp.local',
      RATE_LIMIT_EXEMPT_KINDS: 'lock_notice',
    });
    expect(env.DECISIONS_TOPIC).toBe('risk.decisions.v1');
    expect(env.FEEDBACK_TOPIC).toBe('risk.feedback.v1');
    expect(env.RATE_LIMIT_MAX).toBe(5);
    expect(env.RATE_LIMIT_EXEMPT_KINDS).toEqual(['lock_notice']);
    expect(env.SMS_WEBHOOK_URL).toBeUndefined();
  });

  it('needs the broker and database addresses: no default pointing at its own host', () => {
    const rest = { VERIFICATION_SECRET: secret, SMTP_HOST: 'smtp.local' };
    expect(() => parseEnv({ ...rest, DATABASE_URL: required.DATABASE_URL })).toThrowError(
      /KAFKA_BROKERS/,
    );
    expect(() => parseEnv({ ...rest, KAFKA_BROKERS: required.KAFKA_BROKERS })).toThrowError(
      /DATABASE_URL/,
    );
    expect(parseEnv({ ...rest, ...required }).KAFKA_BROKERS).toEqual(['kafka:9092']);
  });

  it('refuses a short secret, no channel at all, and a case-service address without a token', () => {
    expect(() =>
      parseEnv({ ...required, VERIFICATION_SECRET: 'short', SMTP_HOST: 'smtp.local' }),
    ).toThrowError(/VERIFICATION_SECRET/);
    expect(() => parseEnv({ ...required, VERIFICATION_SECRET: secret })).toThrowError(
      /at least one channel/,
    );
    const withCases = {
      ...required,
      VERIFICATION_SECRET: secret,
      SMTP_HOST: 'h',
      CASE_SERVICE_ADDR: 'cases:50051',
    };
    expect(() => parseEnv(withCases)).toThrowError(/CASE_SERVICE_TOKEN/);
    // case-service accepts no token shorter than 16 characters: refused at start, not on each call.
    expect(() => parseEnv({ ...withCases, CASE_SERVICE_TOKEN: 'svc-12345' })).toThrowError(
      /CASE_SERVICE_TOKEN: at least 16 characters/,
    );
  });

  it('keeps notices 90 days by default, and never less than a verification link lives', () => {
    const base = { ...required, VERIFICATION_SECRET: secret, SMTP_HOST: 'smtp.local' };
    expect(parseEnv(base).NOTICES_RETENTION_DAYS).toBe(90);
    expect(() =>
      parseEnv({
        ...base,
        NOTICES_RETENTION_DAYS: '2',
        VERIFICATION_LINK_TTL_MS: String(3 * 86_400_000),
      }),
    ).toThrowError(/NOTICES_RETENTION_DAYS must outlast VERIFICATION_LINK_TTL_MS/);
    expect(parseEnv({ ...base, NOTICES_RETENTION_DAYS: '2' }).NOTICES_RETENTION_DAYS).toBe(2);
  });

  it('validates the brand: colours as #rrggbb, logo type, dialable phone, http(s) support page', () => {
    const base = { ...required, VERIFICATION_SECRET: secret, SMTP_HOST: 'smtp.local' };
    const env = parseEnv({
      ...base,
      BRAND_NAME: ' Kumo Pay ',
      BRAND_PRIMARY_COLOR: '#0B5FFF',
      BRAND_SUPPORT_PHONE: '+81 3-1234-5678',
      BRAND_SUPPORT_URL: 'https://help.kumo.example/security',
      BRAND_LOGO_FILE: '',
    });
    expect(env.BRAND_NAME).toBe('Kumo Pay');
    expect(env.BRAND_ALERT_COLOR).toBe('#b42318');
    expect(env.BRAND_LOGO_FILE).toBeUndefined();
    expect(env.BRAND_SUPPORT_PHONE).toBe('+81 3-1234-5678');
    expect(() => parseEnv({ ...base, BRAND_PRIMARY_COLOR: 'red;}body{x' })).toThrowError(
      /BRAND_PRIMARY_COLOR/,
    );
    expect(() => parseEnv({ ...base, BRAND_LOGO_FILE: '/etc/passwd' })).toThrowError(
      /BRAND_LOGO_FILE/,
    );
    expect(() => parseEnv({ ...base, BRAND_SUPPORT_PHONE: 'call us' })).toThrowError(
      /BRAND_SUPPORT_PHONE/,
    );
    expect(() => parseEnv({ ...base, BRAND_SUPPORT_URL: 'javascript:alert(1)' })).toThrowError(
      /BRAND_SUPPORT_URL/,
    );
  });
});
