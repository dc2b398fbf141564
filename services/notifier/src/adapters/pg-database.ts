import pg from 'pg';
import { retryWhileUnavailable } from '@vigil/lifecycle';
import type { Logger } from '@vigil/observability';
import { migrate } from './pg-migrations.ts';

/**
 * The notifier's PostgreSQL pool on its schema, migrated first when asked. A database still
 * starting is waited out (the service stays up and not ready) rather than crash-looping.
 */
export async function openNotifierDatabase(
  options: { url: string; schema: string; poolMax: number; migrateOnStart: boolean },
  logger: Logger,
): Promise<pg.Pool> {
  if (options.migrateOnStart)
    await retryWhileUnavailable(
      'migrations',
      () => migrate({ databaseUrl: options.url, schema: options.schema, logger }),
      logger,
    );
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    options: `-c search_path=${options.schema}`,
  });
  // An idle client losing its connection (PostgreSQL restart) must not crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client failed'));
  return pool;
}
