import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { runMigrations as run } from '@vigil/postgres';

export const MIGRATIONS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'migrations',
);

/** Applies case-service's pending migrations into `schema` (created when missing). */
export function runMigrations(options: {
  databaseUrl: string;
  schema: string;
  logger: Logger;
}): Promise<string[]> {
  return run({ ...options, dir: MIGRATIONS_DIR, migrationsTable: 'pgmigrations' });
}
