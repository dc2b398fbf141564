import { describe, expect, it } from 'vitest';
import { migratedSchema } from '../test-support/migrated-schema.ts';
import type { PendingRecord, RelayOutcome } from '../app/ports.ts';
import { createPgOutboxStore } from './pg-outbox-store.ts';

describe('PostgreSQL outbox store: pruning sent rows (real PostgreSQL)', () => {
  const schema = migratedSchema();

  async function insert(id: string, state: { sentHoursAgo?: number; rejected?: boolean }) {
    await schema().pool.query(
      `INSERT INTO outbox (message_id, kind, message_key, payload, sent_at, rejected_at)
       VALUES ($1, 'risk_feedback', 'acct-1', '{}'::jsonb,
               CASE WHEN $2::float8 IS NULL THEN NULL ELSE now() - make_interval(secs => $2 * 3600) END,
               CASE WHEN $3 THEN now() ELSE NULL END)`,
      [id, state.sentHoursAgo ?? null, state.rejected ?? false],
    );
  }

  it('deletes only rows sent before the cut-off, oldest first, in batches', async () => {
    for (let i = 0; i < 5; i += 1) await insert(`old-${i}`, { sentHoursAgo: 100 });
    await insert('recent', { sentHoursAgo: 1 });
    await insert('pending', {});
    await insert('rejected', { rejected: true });
    const store = createPgOutboxStore(schema().pool);
    const cutOff = new Date(Date.now() - 72 * 3_600_000);

    expect(await store.prune(cutOff, 3)).toBe(3);
    expect(await store.prune(cutOff, 3)).toBe(2);
    expect(await store.prune(cutOff, 3)).toBe(0);
    const { rows } = await schema().pool.query<{ message_id: string }>(
      'SELECT message_id FROM outbox ORDER BY seq',
    );
    expect(rows.map((r) => r.message_id)).toEqual(['recent', 'pending', 'rejected']);
    expect(await store.pendingCount()).toBe(1);
  });
});

describe('PostgreSQL outbox store: one relay at a time (real PostgreSQL)', () => {
  const schema = migratedSchema();

  it('a second replica gets nothing while a batch is in flight, so rows leave in outbox order', async () => {
    for (let i = 0; i < 6; i += 1) {
      await schema().pool.query(
        `INSERT INTO outbox (message_id, kind, message_key, payload)
         VALUES ($1, 'account_command', 'acct-1', '{}'::jsonb)`,
        [`m-${i}`],
      );
    }
    const replicaA = createPgOutboxStore(schema().pool);
    const replicaB = createPgOutboxStore(schema().pool);
    const batches: string[][] = [];
    const sendAll = (records: readonly PendingRecord[]): Promise<RelayOutcome> => {
      batches.push(records.map((r) => r.messageId));
      return Promise.resolve({ sent: records.map((r) => r.seq), rejected: [] });
    };
    let release!: () => void;
    const publishing = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const first = replicaA.claim(3, async (records) => {
      entered();
      await publishing; // Kafka is slow to ack this batch
      return sendAll(records);
    });
    await inFlight;

    let calledB = false;
    const whileBusy = await replicaB.claim(3, (records) => {
      calledB = true;
      return sendAll(records);
    });
    expect(whileBusy).toBe(0);
    expect(calledB).toBe(false);

    release();
    expect(await first).toBe(3);
    expect(await replicaB.claim(3, sendAll)).toBe(3);
    expect(batches).toEqual([
      ['m-0', 'm-1', 'm-2'],
      ['m-3', 'm-4', 'm-5'],
    ]);
    expect(await replicaA.pendingCount()).toBe(0);
  });
});
