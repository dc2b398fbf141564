import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { parseEnv } from './parse-env.ts';
import { describeStartupFailure } from './startup-failure.ts';

const schema = z.object({ REDIS_URL: z.string().url(), OPS_PORT: z.coerce.number().int() });

function failureOf(source: Record<string, string | undefined>): unknown {
  try {
    parseEnv(schema, source);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseEnv to throw');
}

describe('describeStartupFailure', () => {
  it('names each bad setting on a line of its own and says when one is missing', () => {
    expect(describeStartupFailure('risk-engine', failureOf({ OPS_PORT: 'x' }))).toEqual([
      'risk-engine: invalid setting REDIS_URL: required, not set',
      expect.stringMatching(/^risk-engine: invalid setting OPS_PORT: .+/) as string,
    ]);
  });

  it('gives other Vigil errors one line with their code, and keeps the stack only for bugs', () => {
    const tokens = new VigilError('INVALID_CONFIG', 'CASE_AUTH_TOKENS is not JSON', {
      retryable: false,
    });
    expect(describeStartupFailure('case-service', tokens)).toEqual([
      'case-service: failed to start: CASE_AUTH_TOKENS is not JSON [INVALID_CONFIG]',
    ]);
    const [bug] = describeStartupFailure('notifier', new TypeError('x is undefined'));
    expect(bug).toMatch(/^notifier: failed to start: TypeError: x is undefined\n\s+at /);
  });
});
