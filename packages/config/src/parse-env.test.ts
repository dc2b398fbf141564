import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { brokerList, commonEnvShape, envBoolean } from './common-env.ts';
import { parseEnv } from './parse-env.ts';

const schema = z.object({ ...commonEnvShape, KAFKA_BROKERS: brokerList, SHADOW: envBoolean.default(false) });

describe('parseEnv', () => {
  it('applies defaults and coerces numbers', () => {
    const env = parseEnv(schema, { KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9092', OPS_PORT: '9100' });
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', 'kafka-2:9092']);
    expect(env.OPS_PORT).toBe(9100);
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.SHADOW).toBe(false);
  });

  it('names every bad variable in one error that is not retryable', () => {
    expect(() => parseEnv(schema, { KAFKA_BROKERS: 'nohost', OPS_PORT: 'x' })).toThrowError(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        retryable: false,
        message: expect.stringMatching(/KAFKA_BROKERS.*OPS_PORT|OPS_PORT.*KAFKA_BROKERS/) as string,
      }) as Error,
    );
  });
});
