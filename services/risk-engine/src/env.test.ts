import { describe, expect, it } from 'vitest';
import { parseEnv } from '@vigil/config';
import { redisConnectionOf, riskEngineEnv } from './env.ts';

const base = { KAFKA_BROKERS: '127.0.0.1:9092', CASE_SERVICE_TOKEN: 'engine-token-1234' };

describe('risk-engine Redis settings', () => {
  it('single node by default, from REDIS_URL', () => {
    const env = parseEnv(riskEngineEnv, { ...base, REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(redisConnectionOf(env)).toEqual({ mode: 'single', url: 'redis://127.0.0.1:6379' });
  });

  it('a cluster from some of its nodes', () => {
    const env = parseEnv(riskEngineEnv, {
      ...base,
      REDIS_MODE: 'cluster',
      REDIS_CLUSTER_NODES: '10.0.0.1:6379, 10.0.0.2:6379',
    });
    expect(redisConnectionOf(env)).toEqual({
      mode: 'cluster',
      nodes: ['10.0.0.1:6379', '10.0.0.2:6379'],
    });
  });

  it.each([
    [{}, 'REDIS_URL'],
    [{ REDIS_MODE: 'cluster', REDIS_URL: 'redis://127.0.0.1:6379' }, 'REDIS_CLUSTER_NODES'],
  ])('refuses to start without the mode’s address (%o): names %s', (redis, missing) => {
    expect(() => parseEnv(riskEngineEnv, { ...base, ...redis })).toThrowError(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        retryable: false,
        message: expect.stringContaining(missing) as string,
      }) as Error,
    );
  });
});

describe('risk-engine case-service token', () => {
  it('refuses one case-service could never accept (shorter than 16 characters), naming it', () => {
    expect(() =>
      parseEnv(riskEngineEnv, {
        ...base,
        REDIS_URL: 'redis://127.0.0.1:6379',
        CASE_SERVICE_TOKEN: 'svc-12345',
      }),
    ).toThrowError(/CASE_SERVICE_TOKEN: at least 16 characters/);
  });
});
