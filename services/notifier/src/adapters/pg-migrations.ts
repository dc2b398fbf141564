import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { runMigrations } from '@vigil/postgres';

/** The SQL migrations shipped with the service (services/notifier/migrations). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies pending migrations into `schema` (tests use a schema each). */
export async function migrate(options: {
  databaseUrl: string;
  schema: string;
  logger: Logger;
}): Promise<void> {
  await runMigrations({ ...options, dir: MIGRATIONS_DIR, migrationsTable: 'notifier_migrations' });
}
