import type { CaseChange } from '../domain/case-model.ts';
import { BoundedWriter, type BackpressuredSink } from './bounded-writer.ts';
import type { ChangeFeed } from './ports.ts';

export interface WatchFilter {
  accountId?: string | undefined;
  assignee?: string | undefined;
}

/** Why a watch ended; each ends it once. */
export type WatchEnd =
  /** The watcher fell `queued` changes behind: it must re-list and watch again. */
  | { reason: 'overflow'; queued: number }
  /** The change feed broke, so changes may be missing: re-list and watch again. */
  | { reason: 'interrupted'; detail: string }
  /** The service is shutting down. */
  | { reason: 'closed' }
  /** The watcher went away. */
  | { reason: 'cancelled' };

/**
 * WatchCases: forwards committed changes that match the filter to `sink`, respecting its
 * backpressure; a watcher more than `maxQueued` changes behind is ended rather than buffered
 * without bound. Subscribed on return, so nothing committed afterwards is missed.
 */
export function watchCases(options: {
  feed: ChangeFeed;
  filter: WatchFilter;
  maxQueued: number;
  sink: BackpressuredSink<CaseChange>;
  onEnd: (end: WatchEnd) => void;
}): { cancel(): void } {
  const { filter } = options;
  let ended = false;
  const end = (outcome: WatchEnd) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    writer.close();
    options.onEnd(outcome);
  };
  const writer = new BoundedWriter(options.sink, options.maxQueued, (queued) =>
    end({ reason: 'overflow', queued }),
  );
  const matches = (change: CaseChange) =>
    (filter.accountId === undefined || change.accountId === filter.accountId) &&
    (filter.assignee === undefined || change.assignee === filter.assignee);
  const unsubscribe = options.feed.subscribe({
    onChange: (change) => {
      if (matches(change)) writer.push(change);
    },
    onInterrupted: (detail) => end({ reason: 'interrupted', detail }),
    onClose: () => end({ reason: 'closed' }),
  });
  return { cancel: () => end({ reason: 'cancelled' }) };
}
