import { hash } from 'node:crypto';

/** Bytes of an event id's digest: the field of its dedupe entry (feature-store-dedupe.lua). */
export const EVENT_DIGEST_BYTES = 8;
/** Bytes of an origin's digest: what tells a retry from a resend. */
export const ORIGIN_DIGEST_BYTES = 6;

export interface DedupeKeys {
  /** The account's dedupe hash (KEYS[1]). */
  account: string;
  /** The event's first results (KEYS[2]). */
  results: string;
  /** The event id's digest: its field in the account's hash. */
  event: Buffer;
  /** The origin's digest, kept in the entry. */
  origin: Buffer;
}

/**
 * The keys and digests of an event's dedupe state: the script keeps digests instead of the texts,
 * an event id in 8 bytes and the origin of its first delivery in 6 (the collision bounds are in
 * feature-store-dedupe.lua). SHA-1 for its uniform output, not as a defence: whoever chooses event
 * ids can reuse one outright. Computed here, not in Lua: redis-server is the scarcer CPU.
 */
export function dedupeKeys(
  prefix: string,
  accountId: string,
  eventId: string,
  origin: string,
): DedupeKeys {
  const account = `{${encodeURIComponent(accountId)}}`;
  const event = hash('sha1', eventId, 'buffer').subarray(0, EVENT_DIGEST_BYTES);
  return {
    account: `${prefix}v1:dd:${account}`,
    results: `${prefix}v1:res:${account}:${event.toString('base64url')}`,
    event,
    origin: hash('sha1', origin, 'buffer').subarray(0, ORIGIN_DIGEST_BYTES),
  };
}
