import { z } from 'zod';

/** ISO 8601 UTC instant, e.g. 2026-11-24T07:00:00.000Z (offsets are rejected: times are UTC). */
export const isoInstant = z.iso.datetime({ offset: false });

/**
 * An id Vigil keys state by: no control characters (C0 or DEL), which its stores use as
 * separators (an event memory entry is `<time> 0x1f <eventId>`): such an id is refused at the
 * boundary (dead-lettered) instead of corrupting what other accounts' decisions read.
 */
const keyId = z
  .string()
  .min(1)
  .max(128)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export const accountId = keyId;
export const eventId = keyId;

/** Integer minor units plus ISO 4217 currency; never floats. */
export const money = z.object({
  minor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. JPY'),
});
export type Money = z.infer<typeof money>;

/** ISO 3166-1 alpha-2 country code. */
export const country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. JP');

export const device = z.object({
  id: z.string().min(1).max(256),
  userAgent: z.string().max(1024).optional(),
  platform: z.string().max(64).optional(),
});
export type Device = z.infer<typeof device>;

export const geo = z.object({
  country,
  city: z.string().max(128).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});
export type Geo = z.infer<typeof geo>;

export const ip = z.union([z.ipv4(), z.ipv6()]);

/** A card's issuer identification number (the leading digits of the PAN, never the whole number). */
export const cardBin = z.string().regex(/^\d{6,8}$/, 'six to eight digit BIN');

/** A merchant's id at the acquirer (payments.transactions.v1 `merchant.id`). */
export const merchantId = z.string().min(1).max(128);

/** Every event value carries this; a breaking change is a new topic (…v2), not a new number here. */
export const schemaVersion = z.literal(1);
