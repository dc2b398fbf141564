import { describe, expect, it } from 'vitest';
import { loadTokens } from './auth-config.ts';
import { parseEnv } from './env.ts';

const minimal = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vigil',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CASE_AUTH_TOKENS: '[{"token":"svc-token-0123456789","principal":"risk-engine","role":"service"}]',
};

describe('case-service env', () => {
  it('applies defaults for ports, topics and outbox settings', () => {
    const env = parseEnv(minimal);
    expect(env).toMatchObject({
      GRPC_PORT: 50051,
      FEEDBACK_TOPIC: 'risk.feedback.v1',
      ACCOUNT_COMMANDS_TOPIC: 'accounts.commands.v1',
      MIGRATE_ON_START: true,
      OUTBOX_BATCH_SIZE: 200,
    });
  });

  it('requires some token source and names bad variables', () => {
    expect(() => parseEnv({ ...minimal, CASE_AUTH_TOKENS: undefined })).toThrow(/CASE_AUTH_TOKENS/);
    expect(() =>
      parseEnv({ ...minimal, GRPC_PORT: 'x', CASE_CHANGES_CHANNEL: 'Bad Channel' }),
    ).toThrow(/GRPC_PORT.*CASE_CHANGES_CHANNEL/);
  });

  it('loads tokens from JSON and rejects a bad list without printing any token', async () => {
    expect(await loadTokens(parseEnv(minimal))).toEqual([
      { token: 'svc-token-0123456789', principal: 'risk-engine', role: 'service' },
    ]);
    const secret = 'leaky-token-0123456789';
    const bad = loadTokens({
      CASE_AUTH_TOKENS: JSON.stringify([{ token: secret, principal: 'x', role: 'root' }]),
    });
    await expect(bad).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(bad).rejects.not.toThrow(secret);
  });
});
