// `pnpm --filter @vigil/case-service migrate`: applies pending migrations to DATABASE_URL and exits.
import { createLogger } from '@vigil/observability';
import { runMigrations } from '../adapters/pg-migrations.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const logger = createLogger({
  service: 'case-service-migrate',
  level: process.env.LOG_LEVEL ?? 'info',
});
try {
  const applied = await runMigrations({ databaseUrl, logger });
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
} catch (error) {
  console.error('migration failed:', error instanceof Error ? error.message : error);
  process.exit(1);
}
