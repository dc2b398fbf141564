import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import { PollingLoop } from './polling-loop.ts';

interface LogLine {
  level: number;
  msg: string;
  failures?: number;
  delayMs?: number;
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

describe('PollingLoop scheduling', () => {
  it('backs off by its retry policy while ticks fail', async () => {
    const { logger, lines } = capture();
    let calls = 0;
    const loop = new PollingLoop({
      name: 'test',
      intervalMs: 1,
      backoff: { initialDelayMs: 1, maxDelayMs: 4, jitter: 0 },
      logger,
      tick: () => {
        calls += 1;
        return calls <= 4 ? Promise.reject(new Error('down')) : Promise.resolve(false);
      },
    });
    loop.start();
    await expect.poll(() => calls, { timeout: 5_000 }).toBeGreaterThan(4);
    await loop.stop();
    expect(lines.filter((l) => l.msg === 'loop iteration failed').map((l) => l.delayMs)).toEqual([
      1, 2, 4, 4,
    ]);
    expect(loop.isHealthy()).toBe(true);
  });

  it('wake ends an idle wait at once', async () => {
    let calls = 0;
    const loop = new PollingLoop({
      name: 'test',
      intervalMs: 60_000,
      logger: pino({ level: 'silent' }),
      tick: () => {
        calls += 1;
        return Promise.resolve(false);
      },
    });
    expect(loop.isHealthy()).toBe(false);
    loop.start();
    await expect.poll(() => calls).toBe(1);
    loop.wake();
    await expect.poll(() => calls, { timeout: 1_000 }).toBe(2);
    await loop.stop();
  });

  it('stop lets the current tick finish and starts no other', async () => {
    let calls = 0;
    let finish: () => void = () => undefined;
    const loop = new PollingLoop({
      name: 'test',
      intervalMs: 1,
      logger: pino({ level: 'silent' }),
      tick: () => {
        calls += 1;
        return new Promise<boolean>((resolve) => (finish = () => resolve(true)));
      },
    });
    loop.start();
    await expect.poll(() => calls).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(calls).toBe(1);
  });
});
