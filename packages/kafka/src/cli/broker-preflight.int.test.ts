import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { freePort, infraUrls } from '@vigil/testing';
import { requireReachableBrokers } from './broker-preflight.ts';

const silent = pino({ level: 'silent' });

describe('requireReachableBrokers (real broker)', () => {
  it('passes when a broker answers', async () => {
    await expect(
      requireReachableBrokers(infraUrls().kafkaBrokers, silent),
    ).resolves.toBeUndefined();
  });

  it('fails within seconds, naming the brokers and where they came from', async () => {
    const broker = `127.0.0.1:${await freePort()}`;
    const started = Date.now();
    await expect(requireReachableBrokers([broker], silent)).rejects.toMatchObject({
      code: 'KAFKA_UNREACHABLE',
      retryable: true,
      message: expect.stringMatching(
        new RegExp(
          `^no Kafka broker answers at ${broker} \\(--brokers or KAFKA_BROKERS\\): .*ECONNREFUSED`,
        ),
      ) as string,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('vigil-dlq says so in one line on stderr and exits 1, stdout left to the letters', async () => {
    const broker = `127.0.0.1:${await freePort()}`;
    const here = dirname(fileURLToPath(import.meta.url));
    const failed = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(here, 'dlq-main.ts'), 'list', 'x.dlq'],
      { cwd: here, env: { ...process.env, KAFKA_BROKERS: broker } },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    const { stderr } = failed as { stderr: string };
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^error: no Kafka broker answers at ${broker} `)),
    ]);
  });
});
