import { describe, expect, it } from 'vitest';
import { configuredBrand } from './configured-brand.ts';
import { parseEnv } from './env.ts';

const base = {
  KAFKA_BROKERS: 'kafka:9092',
  DATABASE_URL: 'postgres://vigil@db:5432/vigil',
  VERIFICATION_SECRET: 'x'.repeat(32),
  SMTP_HOST: 'smtp.local',
};

describe('configuredBrand', () => {
  it('tells the pages a person follows "not me" up only when cases are raised', async () => {
    expect((await configuredBrand(parseEnv(base))).agentFollowUp).toBe(false);
    const withCases = parseEnv({
      ...base,
      CASE_SERVICE_ADDR: 'cases:50051',
      CASE_SERVICE_TOKEN: 'service-token-0123456789',
    });
    expect((await configuredBrand(withCases)).agentFollowUp).toBe(true);
  });
});
