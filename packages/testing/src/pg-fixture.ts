import pg from 'pg';
import { infraUrls } from './infra-urls.ts';
import { uniqueName } from './unique-name.ts';

export interface PgFixture {
  pool: pg.Pool;
  /** A schema of this test's own; the pool's search_path points at it. */
  schema: string;
  /** Connection string whose search_path is the test schema, for code that opens its own pool. */
  url: string;
  cleanup(): Promise<void>;
}

export async function createPgFixture(): Promise<PgFixture> {
  const base = infraUrls().databaseUrl;
  const schema = uniqueName('schema');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  return {
    pool,
    schema,
    url: url.toString(),
    cleanup: async () => {
      await pool.end();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
