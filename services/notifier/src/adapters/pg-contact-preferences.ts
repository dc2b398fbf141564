import type pg from 'pg';
import { preparedStatement } from '@vigil/postgres';
import type { ContactLookup, ContactPreferencesStore } from '../app/ports.ts';
import { contactPreferences, type ContactPreferences } from '../domain/contact-preferences.ts';

const CONTACT_PREFERENCES = preparedStatement(
  'contact_preferences_many',
  `SELECT account_id, locale, time_zone, email, phone, push_token, channels
    FROM contact_preferences WHERE account_id = ANY($1::text[])`,
);

function parseRow(row: Record<string, unknown>): ContactPreferences {
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

/** Reads contact_preferences (written by the service that owns the customer profile). */
export class PgContactPreferences implements ContactPreferencesStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Undefined when the owning service never wrote the account; a malformed row throws (not retryable). */
  async get(accountId: string): Promise<ContactPreferences | undefined> {
    return (await this.getMany([accountId]))(accountId);
  }

  async getMany(accountIds: readonly string[]): Promise<ContactLookup> {
    const { rows } = await this.pool.query(CONTACT_PREFERENCES.with([[...accountIds]]));
    const byAccount = new Map(
      (rows as Record<string, unknown>[]).map((row) => [String(row.account_id), row]),
    );
    return (accountId) => {
      const row = byAccount.get(accountId);
      return row === undefined ? undefined : parseRow(row);
    };
  }
}
