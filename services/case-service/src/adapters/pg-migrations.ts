import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from 'pino';

export const MIGRATIONS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'migrations',
);

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

/**
 * Applies pending migrations (idempotent; node-pg-migrate holds an advisory lock, and a second
 * runner waits for it). Without `schema`, the URL's own search_path decides where tables go.
 */
export async function runMigrations(options: {
  databaseUrl: string;
  schema?: string;
  logger: Logger;
}): Promise<string[]> {
  const schema = options.schema ?? (await currentSchema(options.databaseUrl));
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    schema,
    migrationsSchema: schema,
    checkOrder: true,
    // Replicas starting together queue behind one another instead of failing to boot.
    advisoryLockMode: 'wait',
    log: (message: string) => options.logger.debug({ migration: message }, 'migration'),
  });
  const names = applied.map((migration) => migration.name);
  if (names.length > 0) options.logger.info({ applied: names, schema }, 'migrations applied');
  return names;
}
