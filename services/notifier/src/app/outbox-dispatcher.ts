import type { Logger } from '@vigil/observability';
import type { NotifierMetrics } from '../metrics.ts';
import { createDeliverNotice, type DeliverDeps } from './deliver-notice.ts';
import type { OutboxStore } from './ports.ts';

export interface DispatcherDeps extends DeliverDeps {
  outbox: OutboxStore;
  batchSize: number;
  /** Longer than the slowest send (channel timeout), or a live send could be claimed twice. */
  leaseMs: number;
  metrics: DeliverDeps['metrics'] & Pick<NotifierMetrics, 'outboxOldestAge'>;
  logger: Logger;
}

/** A lease outlasting three channel timeouts and then some: a live send is never claimed twice. */
export function dispatchLeaseMs(channelTimeoutMs: number): number {
  return channelTimeoutMs * 3 + 30_000;
}

/**
 * The outbox dispatcher: claims due rows and delivers each. Only rows the intake created exist,
 * so nothing is sent for a decision never made. `runOnce` returns how many rows it claimed.
 */
export function createOutboxDispatcher(deps: DispatcherDeps): { runOnce(): Promise<number> } {
  const deliver = createDeliverNotice(deps);
  return {
    async runOnce() {
      const rows = await deps.outbox.claimDue(deps.batchSize, deps.leaseMs);
      await Promise.all(rows.map((row) => deliver(row, deps.logger)));
      deps.metrics.outboxOldestAge.set(await deps.outbox.oldestPendingAgeSeconds());
      return rows.length;
    },
  };
}
