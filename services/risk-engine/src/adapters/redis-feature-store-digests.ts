import { hash } from 'node:crypto';
import type { DedupeState } from './redis-feature-store-call.ts';
import { slotTag } from './redis-key-slot.ts';

/** Bytes of an event id's digest: the field of its dedupe entry (feature-store-dedupe.lua). */
export const EVENT_DIGEST_BYTES = 8;
/** Bytes of an origin's digest: what tells a retry from a resend. */
export const ORIGIN_DIGEST_BYTES = 6;

export interface DedupeKeys extends DedupeState {
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
  const keys = [
    `${prefix}v1:dd:${account}`,
    `${prefix}v1:res:${account}:${event.toString('base64url')}`,
  ] as const;
  return {
    account: keys[0],
    results: keys[1],
    keys,
    event,
    origin: originDigest(origin),
  };
}

function originDigest(origin: string): Buffer {
  return hash('sha1', origin, 'buffer').subarray(0, ORIGIN_DIGEST_BYTES);
}

const HOUR_MS = 3_600_000;

/**
 * The dedupe state of an event in one Redis Cluster slot other than its account's
 * (feature-store-slot-dedupe.lua): a marker hash and a results hash per slot and hour of event
 * time, under the slot's own tag, so an event's marker in a slot is found again whatever entities
 * of the slot it used, and a busy slot's markers expire a whole hour at a time with no scan.
 */
export function slotDedupeState(
  prefix: string,
  slot: number,
  at: number,
  event: Buffer,
  origin: Buffer,
): DedupeState {
  const base = `{${slotTag(slot)}}:${Math.floor(at / HOUR_MS)}`;
  return { keys: [`${prefix}v1:sdd:${base}`, `${prefix}v1:sres:${base}`], event, origin };
}
