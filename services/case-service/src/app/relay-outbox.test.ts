import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import type { OutboxPublisher, OutboxStore, PendingRecord, RelayOutcome } from './ports.ts';
import { OutboxRelay } from './relay-outbox.ts';

/** In-memory outbox with the store's contract: rows leave "pending" only via the relay outcome. */
function memoryStore(records: PendingRecord[]) {
  const state = new Map(
    records.map((r) => [r.seq, { record: r, sent: false, rejected: false, attempts: 0 }]),
  );
  const store: OutboxStore = {
    claim: async (limit, relay) => {
      const pending = [...state.values()].filter((s) => !s.sent && !s.rejected).slice(0, limit);
      if (pending.length === 0) return 0;
      const outcome: RelayOutcome = await relay(pending.map((p) => p.record));
      for (const seq of outcome.sent) state.get(seq)!.sent = true;
      for (const { seq } of outcome.rejected) state.get(seq)!.rejected = true;
      for (const seq of outcome.failed?.seqs ?? []) state.get(seq)!.attempts += 1;
      return pending.length;
    },
    pendingCount: () =>
      Promise.resolve([...state.values()].filter((s) => !s.sent && !s.rejected).length),
    prune: () => Promise.resolve(0),
  };
  return { store, state };
}

const feedback = (seq: string): PendingRecord => ({
  seq,
  kind: 'risk_feedback',
  messageId: `case-resolution:c-${seq}`,
  key: 'acct-1',
  payload: {
    schemaVersion: 1,
    feedbackId: `case-resolution:c-${seq}`,
    accountId: 'acct-1',
    source: 'case_resolution',
    verdict: 'fraud',
    occurredAt: '2026-11-24T07:00:00.000Z',
  },
});

const counters = () => {
  const counts = { relayed: 0, rejected: 0, failures: 0, pruned: 0 };
  return {
    counts,
    relay: {
      relayed: { inc: (_l: unknown, n = 1) => void (counts.relayed += n) },
      rejected: { inc: (n = 1) => void (counts.rejected += n) },
      failures: { inc: () => void (counts.failures += 1) },
      pruned: { inc: (n = 1) => void (counts.pruned += n) },
    },
  };
};

function relayWith(store: OutboxStore, publisher: OutboxPublisher, c = counters()) {
  return new OutboxRelay({
    store,
    publisher,
    logger: pino({ level: 'silent' }),
    counters: c.relay,
    pollMs: 10,
    batchSize: 10,
    retention: { keepSentMs: 72 * 3_600_000, everyMs: 600_000 },
  });
}

describe('OutboxRelay', () => {
  it('publishes pending rows and marks them sent only after the publish resolved', async () => {
    const { store, state } = memoryStore([feedback('1'), feedback('2')]);
    const published: OutboxMessage[][] = [];
    const relay = relayWith(store, {
      publish: (m) => Promise.resolve(void published.push([...m])),
    });
    expect(await relay.relayOnce()).toBe(2);
    expect(published.flat().map((m) => m.messageId)).toEqual([
      'case-resolution:c-1',
      'case-resolution:c-2',
    ]);
    expect([...state.values()].every((s) => s.sent)).toBe(true);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('leaves rows pending when Kafka fails and sends the same ids on the retry', async () => {
    const { store, state } = memoryStore([feedback('1')]);
    const attempts: string[][] = [];
    let up = false;
    const relay = relayWith(store, {
      publish: (messages) => {
        attempts.push(messages.map((m) => m.messageId));
        return up
          ? Promise.resolve()
          : Promise.reject(Object.assign(new Error('broker down'), { retriable: true }));
      },
    });
    expect(await relay.relayOnce()).toBe(0);
    expect(state.get('1')).toMatchObject({ sent: false, attempts: 1 });
    up = true;
    expect(await relay.relayOnce()).toBe(1);
    expect(attempts).toEqual([['case-resolution:c-1'], ['case-resolution:c-1']]);
    expect(state.get('1')?.sent).toBe(true);
  });

  it('parks a row that fails its schema and still sends the valid ones', async () => {
    const broken: PendingRecord = { ...feedback('2'), payload: { verdict: 'maybe' } };
    const { store, state } = memoryStore([feedback('1'), broken]);
    const c = counters();
    const sent: string[] = [];
    const relay = relayWith(
      store,
      { publish: (m) => Promise.resolve(void sent.push(...m.map((x) => x.messageId))) },
      c,
    );
    await relay.relayOnce();
    expect(sent).toEqual(['case-resolution:c-1']);
    expect(state.get('2')).toMatchObject({ rejected: true, sent: false });
    expect(c.counts).toEqual({ relayed: 1, rejected: 1, failures: 0, pruned: 0 });
  });

  it('flushes what is pending when stopped', async () => {
    const { store } = memoryStore([]);
    const relay = relayWith(store, { publish: () => Promise.resolve() });
    relay.start();
    const late = memoryStore([feedback('9')]);
    // Rows committed just before shutdown are still sent by stop().
    store.claim = (limit, relayBatch) => late.store.claim(limit, relayBatch);
    await relay.stop();
    expect(late.state.get('9')?.sent).toBe(true);
  });

  it('prunes sent rows past the retention at most once per period, in batches until done', async () => {
    const calls: { sentBefore: Date; limit: number }[] = [];
    let left = 2_500;
    const { store } = memoryStore([]);
    store.prune = (sentBefore, limit) => {
      calls.push({ sentBefore, limit });
      const deleted = Math.min(left, limit);
      left -= deleted;
      return Promise.resolve(deleted);
    };
    let now = Date.parse('2026-11-24T12:00:00.000Z');
    const c = counters();
    const relay = new OutboxRelay({
      store,
      publisher: { publish: () => Promise.resolve() },
      logger: pino({ level: 'silent' }),
      counters: c.relay,
      pollMs: 10,
      batchSize: 10,
      retention: { keepSentMs: 72 * 3_600_000, everyMs: 600_000 },
      now: () => now,
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
    // The idle loop prunes: batch after batch while the relay runs, until a short batch.
    relay.start();
    await settle();
    expect(calls.map((call) => call.limit)).toEqual([1_000, 1_000, 1_000]);
    expect(calls[0]!.sentBefore.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(c.counts.pruned).toBe(2_500);
    now += 60_000; // not due yet
    relay.poke();
    await settle();
    expect(calls).toHaveLength(3);
    now += 600_000;
    relay.poke();
    await settle();
    expect(calls).toHaveLength(4);
    await relay.stop();
  });
});
