import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { retryWhileUnavailable } from './retry-while-unavailable.ts';

const logger = pino({ level: 'silent' });
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('retryWhileUnavailable', () => {
  it('waits out a refused connection and returns the result', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const result = await retryWhileUnavailable(
      'migrations',
      () => (++calls < 3 ? Promise.reject(refused()) : Promise.resolve('ok')),
      logger,
      (ms) => Promise.resolve(void sleeps.push(ms)),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThanOrEqual(500);
    expect(sleeps[1]!).toBeLessThanOrEqual(1_000);
  });

  it('fails at once on an error retrying cannot fix', async () => {
    let calls = 0;
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    await expect(
      retryWhileUnavailable(
        'migrations',
        () => (calls++, Promise.reject(syntax)),
        logger,
        () => Promise.resolve(),
      ),
    ).rejects.toBe(syntax);
    expect(calls).toBe(1);
  });
});
