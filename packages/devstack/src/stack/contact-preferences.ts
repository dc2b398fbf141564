import pg from 'pg';
import { z } from 'zod';

/** One customer's row in the notifier's contact_preferences (owned upstream; seeded here for local runs). */
export const contactSeed = z.object({
  accountId: z.string().min(1),
  locale: z.string().min(2).max(35),
  timeZone: z.string().min(1).default('UTC'),
  email: z.string().email().optional(),
  phone: z
    .string()
    .regex(/^\+\d{6,15}$/, 'E.164')
    .optional(),
  pushToken: z.string().min(1).optional(),
  channels: z.array(z.enum(['email', 'sms', 'push'])).min(1),
});
export type ContactSeed = z.input<typeof contactSeed>;

/**
 * Upserts contact preferences into the notifier's schema (after it migrated). Rows go in
 * batches of 500 through unnest, so seeding a few hundred simulated customers is one round trip
 * per batch.
 */
export async function seedContactPreferences(options: {
  databaseUrl: string;
  schema: string;
  contacts: readonly ContactSeed[];
}): Promise<number> {
  const rows = options.contacts.map((contact) => contactSeed.parse(contact));
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    options: `-c search_path=${options.schema}`,
  });
  await client.connect();
  try {
    for (let start = 0; start < rows.length; start += 500) {
      const batch = rows.slice(start, start + 500);
      await client.query(
        `INSERT INTO contact_preferences (account_id, locale, time_zone, email, phone, push_token, channels, updated_at)
         SELECT account_id, locale, time_zone, email, phone, push_token, string_to_array(channels_csv, ','), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS t(account_id, locale, time_zone, email, phone, push_token, channels_csv)
         ON CONFLICT (account_id) DO UPDATE SET
           locale = EXCLUDED.locale, time_zone = EXCLUDED.time_zone, email = EXCLUDED.email,
           phone = EXCLUDED.phone, push_token = EXCLUDED.push_token, channels = EXCLUDED.channels,
           updated_at = now()`,
        [
          batch.map((r) => r.accountId),
          batch.map((r) => r.locale),
          batch.map((r) => r.timeZone),
          batch.map((r) => r.email ?? null),
          batch.map((r) => r.phone ?? null),
          batch.map((r) => r.pushToken ?? null),
          batch.map((r) => r.channels.join(',')),
        ],
      );
    }
    return rows.length;
  } finally {
    await client.end();
  }
}
