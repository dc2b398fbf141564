import pg from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoted(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new Error(`not a plain lower-case schema name: ${schema}`);
  return `"${schema}"`;
}

async function withClient<T>(
  databaseUrl: string,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates the stack's schemas up front (the services would too), so a run can seed them before start. */
export function ensureSchemas(databaseUrl: string, schemas: readonly string[]): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    for (const schema of schemas)
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`);
  });
}

export function dropSchemas(databaseUrl: string, schemas: readonly string[]): Promise<void> {
  return withClient(databaseUrl, async (client) => {
    for (const schema of schemas)
      await client.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
  });
}
