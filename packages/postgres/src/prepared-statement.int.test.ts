import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgFixture, type PgFixture } from '@vigil/testing';
import { preparedStatement } from './prepared-statement.ts';

const COUNT_UP = preparedStatement(
  'count_up',
  `INSERT INTO counts (k, n) SELECT * FROM unnest($1::text[], $2::bigint[])
   ON CONFLICT (k) DO UPDATE SET n = counts.n + EXCLUDED.n RETURNING k, n`,
);

describe('preparedStatement (real PostgreSQL)', () => {
  let fx: PgFixture;
  beforeAll(async () => {
    fx = await createPgFixture();
    await fx.pool.query('CREATE TABLE counts (k text PRIMARY KEY, n bigint NOT NULL)');
  });
  afterAll(() => fx.cleanup());

  it('is prepared once per connection and, after a few runs, stops being planned per call', async () => {
    const client = await fx.pool.connect();
    try {
      for (let i = 0; i < 8; i++) {
        const { rows } = await client.query(
          COUNT_UP.with([
            ['a', 'b'],
            [1, 2],
          ]),
        );
        expect(rows).toEqual([
          { k: 'a', n: String(i + 1) },
          { k: 'b', n: String(2 * (i + 1)) },
        ]);
      }
      const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
        'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
        [COUNT_UP.name],
      );
      // PostgreSQL plans the first five runs for their values, then keeps one generic plan.
      expect(rows).toEqual([{ generic_plans: '3', custom_plans: '5' }]);
    } finally {
      client.release();
    }
  });

  it('follows the connection to another schema (plans are redone when search_path changes)', async () => {
    const other = `${fx.schema}_other`;
    const client = await fx.pool.connect();
    try {
      await client.query(`CREATE SCHEMA "${other}"`);
      await client.query(`CREATE TABLE "${other}".counts (k text PRIMARY KEY, n bigint NOT NULL)`);
      await client.query(COUNT_UP.with([['c'], [5]]));
      await client.query(`SET search_path = "${other}"`);
      expect((await client.query(COUNT_UP.with([['c'], [7]]))).rows).toEqual([{ k: 'c', n: '7' }]);
      await client.query(`SET search_path = "${fx.schema}"`);
      expect((await client.query(COUNT_UP.with([['c'], [1]]))).rows).toEqual([{ k: 'c', n: '6' }]);
    } finally {
      await client.query(`SET search_path = "${fx.schema}"`);
      await client.query(`DROP SCHEMA "${other}" CASCADE`);
      client.release();
    }
  });

  it('gives each text its own name, and refuses labels PostgreSQL would need quoted', () => {
    const again = preparedStatement('count_up', COUNT_UP.text);
    const changed = preparedStatement('count_up', `${COUNT_UP.text} `);
    expect(again.name).toBe(COUNT_UP.name);
    expect(changed.name).not.toBe(COUNT_UP.name);
    expect(COUNT_UP.name).toMatch(/^count_up_[0-9a-f]{12}$/);
    expect(() => preparedStatement('Count-Up', 'SELECT 1')).toThrow(/lowercase/);
  });
});
