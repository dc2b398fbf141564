import { pino } from 'pino';
import { createPgFixture, type PgFixture } from '@vigil/testing';
import type { Channel } from '../domain/notification.ts';
import { migrate } from '../adapters/pg-migrations.ts';

export interface NotifierDb extends PgFixture {
  /** What the owning service would write: an upsert into contact_preferences. */
  upsertPreferences(prefs: {
    accountId: string;
    locale?: string;
    timeZone?: string;
    email?: string | null;
    phone?: string | null;
    pushToken?: string | null;
    channels: Channel[];
  }): Promise<void>;
  statusOf(
    decisionId: string,
    kind: string,
  ): Promise<
    { id: string; status: string; attempts: number; last_error: string | null } | undefined
  >;
}

/** A schema of the test's own on the real PostgreSQL, migrated with the service's migrations. */
export async function createNotifierDb(): Promise<NotifierDb> {
  const fixture = await createPgFixture();
  await migrate({
    databaseUrl: fixture.url,
    schema: fixture.schema,
    logger: pino({ level: 'silent' }),
  });
  return {
    ...fixture,
    async upsertPreferences(prefs) {
      await fixture.pool.query(
        `INSERT INTO contact_preferences (account_id, locale, time_zone, email, phone, push_token, channels, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (account_id) DO UPDATE SET locale = EXCLUDED.locale, time_zone = EXCLUDED.time_zone,
           email = EXCLUDED.email, phone = EXCLUDED.phone, push_token = EXCLUDED.push_token,
           channels = EXCLUDED.channels, updated_at = now()`,
        [
          prefs.accountId,
          prefs.locale ?? 'en',
          prefs.timeZone ?? 'UTC',
          prefs.email ?? null,
          prefs.phone ?? null,
          prefs.pushToken ?? null,
          prefs.channels,
        ],
      );
    },
    async statusOf(decisionId, kind) {
      const { rows } = await fixture.pool.query<{
        id: string;
        status: string;
        attempts: number;
        last_error: string | null;
      }>(
        'SELECT id, status, attempts, last_error FROM notifications WHERE decision_id = $1 AND kind = $2',
        [decisionId, kind],
      );
      return rows[0];
    },
  };
}
