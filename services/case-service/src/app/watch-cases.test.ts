import { describe, expect, it } from 'vitest';
import type { CaseChange } from '../domain/case-model.ts';
import { ChangeBus } from './change-bus.ts';
import { watchCases, type WatchEnd } from './watch-cases.ts';

const change = (overrides: Partial<CaseChange> = {}): CaseChange => ({
  kind: 'assigned',
  caseId: 'c-1',
  accountId: 'acct-1',
  status: 'in_progress',
  severity: 'high',
  assignee: 'agent-ann',
  actor: 'agent-ann',
  at: '2026-11-24T07:00:00.000Z',
  ...overrides,
});

function watcher(filter: { accountId?: string; assignee?: string }, capacity = 100) {
  const bus = new ChangeBus();
  const written: CaseChange[] = [];
  const ends: WatchEnd[] = [];
  const watch = watchCases({
    feed: bus,
    filter,
    maxQueued: 2,
    // A sink that never drains once `capacity` items are written: a console that stopped reading.
    sink: {
      write: (item) => written.push(item) < capacity,
      onceDrain: () => undefined,
    },
    onEnd: (end) => ends.push(end),
  });
  return { bus, written, ends, watch };
}

describe('watchCases', () => {
  it('forwards only the changes matching the filter', () => {
    const { bus, written } = watcher({ accountId: 'acct-1' });
    bus.publish(change());
    bus.publish(change({ accountId: 'acct-2' }));
    bus.publish(change({ assignee: 'agent-bob' }));
    expect(written.map((c) => c.accountId)).toEqual(['acct-1', 'acct-1']);
  });

  it('ends a watcher past maxQueued once, and unsubscribes it', () => {
    const { bus, ends } = watcher({}, 1);
    for (let i = 0; i < 10; i += 1) bus.publish(change());
    expect(ends).toEqual([{ reason: 'overflow', queued: 2 }]);
    expect(bus.size).toBe(0);
  });

  it('reports an interrupted feed, shutdown and cancellation as distinct ends, once each', () => {
    const interrupted = watcher({});
    interrupted.bus.interrupt('change feed connection lost');
    interrupted.watch.cancel();
    expect(interrupted.ends).toEqual([
      { reason: 'interrupted', detail: 'change feed connection lost' },
    ]);
    const closed = watcher({});
    closed.bus.closeAll();
    expect(closed.ends).toEqual([{ reason: 'closed' }]);
    const cancelled = watcher({});
    cancelled.watch.cancel();
    cancelled.bus.publish(change());
    expect(cancelled.ends).toEqual([{ reason: 'cancelled' }]);
    expect(cancelled.written).toEqual([]);
    expect(cancelled.bus.size).toBe(0);
  });
});
