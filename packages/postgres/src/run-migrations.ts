import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from 'pino';

/** The schema the URL's search_path puts first (node-pg-migrate would otherwise pick "public"). */
async function currentSchema(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    return rows[0]?.schema ?? 'public';
  } finally {
    await client.end();
  }
}

export interface MigrationOptions {
  databaseUrl: string;
  /** The service's SQL migrations folder. */
  dir: string;
  /** One table per service, so services sharing a database keep separate histories. */
  migrationsTable: string;
  /** Where tables go; without it, the URL's own search_path decides. Created when missing. */
  schema?: string;
  logger: Logger;
}

/**
 * Applies pending migrations, idempotently. node-pg-migrate's advisory lock id is the same for
 * every schema and service in a database, so runners wait for one another ('wait') instead of
 * failing start-up with "Another migration is already running", which is no outage to retry.
 */
export async function runMigrations(options: MigrationOptions): Promise<string[]> {
  const schema = options.schema ?? (await currentSchema(options.databaseUrl));
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: options.dir,
    direction: 'up',
    migrationsTable: options.migrationsTable,
    schema,
    migrationsSchema: schema,
    createSchema: true,
    checkOrder: true,
    advisoryLockMode: 'wait',
    log: (message: string) => options.logger.debug({ migration: message }, 'migration'),
  });
  const names = applied.map((migration) => migration.name);
  if (names.length > 0) options.logger.info({ applied: names, schema }, 'migrations applied');
  return names;
}
