import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createNotifierMetrics } from '../metrics.ts';
import { manualClock } from '../test-support/fake-clock.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import type { NoticeRetentionStore, PrunedNotices } from './ports.ts';
import { createNoticePruning } from './prune-notices.ts';

describe('notice pruning', () => {
  it('deletes before now − retention, counts rows per table, and asks for another pass while a batch was full', async () => {
    const clock = manualClock('2026-11-24T07:00:00.000Z');
    const metrics = createNotifierMetrics(new Registry());
    const calls: { before: string; limit: number }[] = [];
    const results: PrunedNotices[] = [
      { notifications: 3, answers: 1, causes: 2, incidents: 0 },
      { notifications: 0, answers: 0, causes: 1, incidents: 2 },
    ];
    const store: NoticeRetentionStore = {
      pruneBefore: (before, limit) => {
        calls.push({ before: before.toISOString(), limit });
        return Promise.resolve(results.shift()!);
      },
    };
    const pruning = createNoticePruning({
      store,
      retentionMs: 90 * 86_400_000,
      batchSize: 3,
      clock: clock.now,
      metrics,
    });
    expect(await pruning.runOnce()).toBe(3);
    expect(await pruning.runOnce()).toBe(2);
    expect(calls).toEqual([
      { before: '2026-08-26T07:00:00.000Z', limit: 3 },
      { before: '2026-08-26T07:00:00.000Z', limit: 3 },
    ]);
    expect(await counterTotal(metrics.noticesPruned, { table: 'notifications' })).toBe(3);
    expect(await counterTotal(metrics.noticesPruned, { table: 'answers' })).toBe(1);
    expect(await counterTotal(metrics.noticesPruned, { table: 'causes' })).toBe(3);
    expect(await counterTotal(metrics.noticesPruned, { table: 'incidents' })).toBe(2);
  });
});
