import { describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import type { BatchContext } from './batch-handler.ts';
import type { ConsumedRecord } from './consumed-record.ts';
import { perKeyInOrder } from './per-key-in-order.ts';
import { PermanentRecordError } from './permanent-record-error.ts';

const record = (key: string, offset: number): ConsumedRecord<number> => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key,
  value: offset,
  headers: {},
  timestamp: '0',
});

function context(
  deadLetter = vi.fn((_e: PermanentRecordError) => Promise.resolve()),
): BatchContext {
  return {
    topic: 't',
    partition: 0,
    attempt: 0,
    logger: pino({ level: 'silent' }),
    heartbeat: () => Promise.resolve(),
    isActive: () => true,
    deadLetter,
  };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('perKeyInOrder', () => {
  it('keeps offset order within a key and overlaps different keys', async () => {
    const log: string[] = [];
    let active = 0;
    let maxActive = 0;
    const handler = perKeyInOrder<number>(
      async (r) => {
        active++;
        maxActive = Math.max(maxActive, active);
        // Later records of a key are faster: running them concurrently would reorder them.
        await tick(r.key === 'a' ? 15 - 2 * r.value : 1);
        log.push(`${r.key}:${r.offset}`);
        active--;
      },
      { concurrency: 3 },
    );
    const records = [
      record('a', 0),
      record('b', 1),
      record('a', 2),
      record('c', 3),
      record('b', 4),
      record('a', 5),
    ];
    await handler(records, context());
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a:0', 'a:2', 'a:5']);
    expect(log.filter((l) => l.startsWith('b'))).toEqual(['b:1', 'b:4']);
    expect(log).toHaveLength(6);
    expect(maxActive).toBe(3);
  });

  it('never runs more than `concurrency` records at once', async () => {
    let active = 0;
    let maxActive = 0;
    const handler = perKeyInOrder<number>(
      async () => {
        maxActive = Math.max(maxActive, ++active);
        await tick(2);
        active--;
      },
      { concurrency: 2 },
    );
    await handler(
      Array.from({ length: 10 }, (_, i) => record(`k${i}`, i)),
      context(),
    );
    expect(maxActive).toBe(2);
  });

  it('dead-letters a permanent failure and continues the same key', async () => {
    const seen: string[] = [];
    const deadLetter = vi.fn((_e: PermanentRecordError) => Promise.resolve());
    const handler = perKeyInOrder<number>(
      (r) => {
        if (r.offset === '1')
          return Promise.reject(new PermanentRecordError(r, 'BAD_CURRENCY', 'no FX rate'));
        seen.push(r.offset);
        return Promise.resolve();
      },
      { concurrency: 1 },
    );
    await handler([record('a', 0), record('a', 1), record('a', 2)], context(deadLetter));
    expect(seen).toEqual(['0', '2']);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]?.[0].record.offset).toBe('1');
  });

  it('fails the batch on a retryable error and stops that key', async () => {
    const seen: string[] = [];
    const handler = perKeyInOrder<number>(
      (r) => {
        if (r.offset === '1') return Promise.reject(new Error('redis down'));
        seen.push(r.offset);
        return Promise.resolve();
      },
      { concurrency: 1 },
    );
    await expect(
      handler([record('a', 0), record('a', 1), record('a', 2)], context()),
    ).rejects.toThrow('redis down');
    expect(seen).toEqual(['0']);
  });
});
