import type { Logger } from '@vigil/observability';
import type { NotifierMetrics } from '../metrics.ts';
import { createDeliverNotice, type DeliverDeps } from './deliver-notice.ts';
import type { ContactLookup, ContactPreferencesStore, OutboxStore } from './ports.ts';

export interface DispatcherDeps extends DeliverDeps {
  outbox: OutboxStore;
  contacts: ContactPreferencesStore;
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
 * so nothing is sent for a decision never made. A pass reads its customers' contact preferences
 * in one statement, not one a notice; each attempt is settled as soon as it ended, so a crash
 * re-sends at most the sends in flight. `runOnce` returns how many rows it claimed.
 */
export function createOutboxDispatcher(deps: DispatcherDeps): { runOnce(): Promise<number> } {
  const deliver = createDeliverNotice(deps);
  return {
    async runOnce() {
      const rows = await deps.outbox.claimDue(deps.batchSize, deps.leaseMs);
      if (rows.length > 0) {
        const contacts = await lookupContacts(deps.contacts, [
          ...new Set(rows.map((row) => row.accountId)),
        ]);
        await Promise.all(rows.map((row) => deliver(row, contacts, deps.logger)));
      }
      deps.metrics.outboxOldestAge.set(await deps.outbox.oldestPendingAgeSeconds());
      return rows.length;
    },
  };
}

/** A failed read fails each row's attempt (retried with backoff), as a failed send does. */
async function lookupContacts(
  contacts: ContactPreferencesStore,
  accountIds: readonly string[],
): Promise<ContactLookup> {
  try {
    return await contacts.getMany(accountIds);
  } catch (error) {
    return () => {
      throw error;
    };
  }
}
