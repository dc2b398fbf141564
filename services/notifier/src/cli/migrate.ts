import { createLogger } from '@vigil/observability';
import { parseEnv } from '@vigil/config';
import { z } from 'zod';
import { migrate } from '../adapters/pg-migrations.ts';

// `pnpm --filter @vigil/notifier migrate`: applies the notifier's migrations to DATABASE_URL.
const env = parseEnv(
  z.object({
    DATABASE_URL: z.string().min(1),
    DATABASE_SCHEMA: z.string().default('public'),
    LOG_LEVEL: z.string().default('debug'),
  }),
  process.env,
);
const logger = createLogger({ service: 'notifier-migrate', level: env.LOG_LEVEL });
await migrate({ databaseUrl: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, logger });
logger.info('migrations applied');
