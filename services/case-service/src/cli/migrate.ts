// `pnpm --filter @vigil/case-service migrate`: applies pending migrations into DATABASE_SCHEMA of
// DATABASE_URL and exits.
import { describeStartupFailure } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { runMigrations } from '../adapters/pg-migrations.ts';
import { parseMigrateEnv } from '../env.ts';

try {
  const env = parseMigrateEnv(process.env);
  const logger = createLogger({ service: 'case-service-migrate', level: env.LOG_LEVEL });
  const applied = await runMigrations({
    databaseUrl: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    logger,
  });
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
} catch (error) {
  console.error(describeStartupFailure('case-service migrate', error).join('\n'));
  process.exit(1);
}
