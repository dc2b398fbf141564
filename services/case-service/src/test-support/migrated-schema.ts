import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createPgFixture, type PgFixture } from '@vigil/testing';
import { runMigrations } from '../adapters/pg-migrations.ts';

/** A fresh migrated case-service schema for one describe block (its tests share it). */
export function migratedSchema(): () => PgFixture {
  let pg: PgFixture | undefined;
  beforeAll(async () => {
    pg = await createPgFixture();
    await runMigrations({
      databaseUrl: pg.url,
      schema: pg.schema,
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await pg?.cleanup();
  });
  return () => {
    if (!pg) throw new Error('schema not ready');
    return pg;
  };
}
