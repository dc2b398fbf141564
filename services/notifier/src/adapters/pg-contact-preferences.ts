import type pg from 'pg';
import { preparedStatement } from '@vigil/postgres';
import type { ContactPreferencesStore } from '../app/ports.ts';
import { contactPreferences, type ContactPreferences } from '../domain/contact-preferences.ts';

const CONTACT_PREFERENCES = preparedStatement(
  'contact_preferences',
  `SELECT account_id, locale, time_zone, email, phone, push_token, channels
    FROM contact_preferences WHERE account_id = $1`,
);

/** Reads contact_preferences (written by the service that owns the customer profile). */
export class PgContactPreferences implements ContactPreferencesStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Undefined when the owning service never wrote the account; a malformed row throws (not retryable). */
  async get(accountId: string): Promise<ContactPreferences | undefined> {
    const { rows } = await this.pool.query(CONTACT_PREFERENCES.with([accountId]));
    const row = rows[0] as Record<string, unknown> | undefined;
    if (row === undefined) return undefined;
    return contactPreferences.parse({
      accountId: row.account_id,
      locale: row.locale,
      timeZone: row.time_zone,
      email: row.email,
      phone: row.phone,
      pushToken: row.push_token,
      channels: row.channels,
    });
  }
}
