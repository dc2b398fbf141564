import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgFixture, type PgFixture } from '@vigil/testing';
import { withTransaction } from './with-transaction.ts';

describe('withTransaction (real PostgreSQL)', () => {
  let fx: PgFixture;
  beforeAll(async () => {
    fx = await createPgFixture();
    await fx.pool.query('CREATE TABLE items (id int PRIMARY KEY)');
  });
  afterAll(() => fx.cleanup());

  it('commits the work and returns its result', async () => {
    const result = await withTransaction(fx.pool, async (tx) => {
      await tx.query('INSERT INTO items VALUES (1)');
      return 'done';
    });
    expect(result).toBe('done');
    expect((await fx.pool.query('SELECT count(*)::int AS n FROM items')).rows[0]).toEqual({ n: 1 });
  });

  it('rolls everything back when the work throws, and releases the client', async () => {
    await expect(
      withTransaction(fx.pool, async (tx) => {
        await tx.query('INSERT INTO items VALUES (2)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await fx.pool.query('SELECT count(*)::int AS n FROM items')).rows[0]).toEqual({ n: 1 });
    expect(fx.pool.idleCount + fx.pool.waitingCount).toBeGreaterThanOrEqual(0);
    expect(fx.pool.totalCount - fx.pool.idleCount).toBe(0);
  });

  it('applies its settings to the transaction only, sent with BEGIN', async () => {
    const setting = async (tx: { query: (q: string) => Promise<{ rows: unknown[] }> }) =>
      ((await tx.query('SHOW plan_cache_mode')).rows[0] as { plan_cache_mode: string })
        .plan_cache_mode;
    const inside = await withTransaction(fx.pool, setting, {
      settings: { plan_cache_mode: 'force_generic_plan' },
    });
    expect(inside).toBe('force_generic_plan');
    expect(await setting(fx.pool)).toBe('auto');
    await expect(
      withTransaction(fx.pool, setting, { settings: { 'x; DROP TABLE items': 'on' } }),
    ).rejects.toThrow(/not a PostgreSQL parameter name/);
    expect(fx.pool.totalCount - fx.pool.idleCount).toBe(0);
  });
});
