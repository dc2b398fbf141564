import type { NotifierMetrics } from '../metrics.ts';
import type { NoticeRetentionStore, PrunedNotices } from './ports.ts';

const PRUNED_TABLES = [
  'notifications',
  'answers',
  'causes',
  'incidents',
] as const satisfies readonly (keyof PrunedNotices)[];

/**
 * One pruning pass: deletes a batch of each table's rows older than the retention (notices,
 * their answers and causes, incidents). Returns the largest batch deleted, so the loop runs again
 * at once while some table still had a full batch to delete.
 */
export function createNoticePruning(deps: {
  store: NoticeRetentionStore;
  retentionMs: number;
  batchSize: number;
  clock: () => number;
  metrics: Pick<NotifierMetrics, 'noticesPruned'>;
}): { runOnce(): Promise<number> } {
  return {
    async runOnce() {
      const pruned = await deps.store.pruneBefore(
        new Date(deps.clock() - deps.retentionMs),
        deps.batchSize,
      );
      for (const table of PRUNED_TABLES)
        if (pruned[table] > 0) deps.metrics.noticesPruned.inc({ table }, pruned[table]);
      return Math.max(pruned.notifications, pruned.causes, pruned.incidents);
    },
  };
}
