import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgFixture, type PgFixture } from '@vigil/testing';
import { runMigrations } from './pg-migrations.ts';
import { createPgOutboxStore } from './pg-outbox-store.ts';

describe('PostgreSQL outbox store: pruning sent rows (real PostgreSQL)', () => {
  let pg: PgFixture;

  beforeAll(async () => {
    pg = await createPgFixture();
    await runMigrations({
      databaseUrl: pg.url,
      schema: pg.schema,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await pg.cleanup();
  });

  async function insert(id: string, state: { sentHoursAgo?: number; rejected?: boolean }) {
    await pg.pool.query(
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
    const store = createPgOutboxStore(pg.pool);
    const cutOff = new Date(Date.now() - 72 * 3_600_000);

    expect(await store.prune(cutOff, 3)).toBe(3);
    expect(await store.prune(cutOff, 3)).toBe(2);
    expect(await store.prune(cutOff, 3)).toBe(0);
    const { rows } = await pg.pool.query<{ message_id: string }>(
      'SELECT message_id FROM outbox ORDER BY seq',
    );
    expect(rows.map((r) => r.message_id)).toEqual(['recent', 'pending', 'rejected']);
    expect(await store.pendingCount()).toBe(1);
  });
});
