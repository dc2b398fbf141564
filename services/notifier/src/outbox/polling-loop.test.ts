import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import { PollingLoop } from './polling-loop.ts';

interface LogLine {
  level: number;
  msg: string;
  failures?: number;
}

/** A pino logger writing parsed lines into an array. */
function capture() {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'trace' },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { logger, lines };
}

const WARN = 40;
const ERROR = 50;

/** Runs a loop whose first `failures` ticks throw `error`, then returns its failure log lines. */
async function failingLoop(failures: number, error: VigilError): Promise<LogLine[]> {
  const { logger, lines } = capture();
  let calls = 0;
  const loop = new PollingLoop({
    name: 'test',
    intervalMs: 1,
    logger,
    tick: () => {
      calls += 1;
      if (calls <= failures) return Promise.reject(error);
      void loop.stop();
      return Promise.resolve(false);
    },
  });
  loop.start();
  await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(failures);
  await loop.stop();
  return lines.filter((line) => line.msg === 'loop iteration failed');
}

describe('PollingLoop logging', () => {
  it('warns while a retryable failure may heal, errors once it persists', async () => {
    const failed = await failingLoop(6, new VigilError('DB_DOWN', 'down', { retryable: true }));
    expect(failed.map((line) => [line.failures, line.level])).toEqual([
      [1, WARN],
      [2, WARN],
      [3, WARN],
      [4, WARN],
      [5, ERROR],
      [6, ERROR],
    ]);
  });

  it('errors at once on a failure that will not heal by retrying', async () => {
    const failed = await failingLoop(1, new VigilError('BUG', 'bad row', { retryable: false }));
    expect(failed.map((line) => line.level)).toEqual([ERROR]);
  });
});
