import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';

/** The SQL migrations shipped with the service (services/notifier/migrations). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Applies pending migrations under node-pg-migrate's advisory lock, so replicas starting together
 * migrate once. `schema` holds the tables and the migrations table (tests use a schema each).
 */
export async function migrate(options: { databaseUrl: string; schema: string; logger: Logger }): Promise<void> {
  await runner({
    databaseUrl: options.databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'notifier_migrations',
    schema: options.schema,
    createSchema: true,
    checkOrder: true,
    // node-pg-migrate's advisory lock id is the same for every schema and service in the
    // database: wait for another runner instead of failing start-up with "Another migration is
    // already running" (which is not a retryable outage, so the process would exit 1).
    advisoryLockMode: 'wait',
    log: (message) => options.logger.debug({ migration: message }, 'migration'),
  });
}
