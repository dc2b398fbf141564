import { hash } from 'node:crypto';
import type { DedupeState } from './redis-feature-store-call.ts';
import { slotTag } from './redis-key-slot.ts';

/** Bytes of an event id's digest, and of an (account, event id)'s: the field of its dedupe entry. */
export const EVENT_DIGEST_BYTES = 8;
/** Bytes of an origin's digest: what tells a retry from a resend. */
export const ORIGIN_DIGEST_BYTES = 6;

export interface DedupeKeys extends DedupeState {
  /** The account's dedupe hash of the previous layout, read while upgrading (KEYS[3]). */
  account: string;
  /** The event's first results (KEYS[2]). */
  results: string;
  /** The root dedupe hash of the event's hour (KEYS[1]). */
  root: string;
  /** The event id's digest (the previous layout's field; the cluster's slot markers'). */
  event: Buffer;
  /** The digest of the account and event id: the field of its dedupe entry. */
  entry: Buffer;
  /** The origin's digest, kept in the entry. */
  origin: Buffer;
}

const HOUR_MS = 3_600_000;

/**
 * The keys and digests of an event's dedupe state: the script keeps digests instead of the texts,
 * an (account, event id) in 8 bytes and the origin of its first delivery in 6 (the collision
 * bounds are in feature-store-dedupe.lua). SHA-1 for its uniform output, not as a defence: whoever
 * chooses event ids can reuse one outright. Computed here, not in Lua: redis-server is the scarcer
 * CPU.
 *
 * The entries of one hour of event time share hashes: on one node the hour's root is one of 256,
 * picked by the entry digest's first byte (`slot` undefined); on a cluster, the root of the
 * account's slot (`slot`), so the account's call reaches it.
 */
/** The hash tag of an account's keys: they share its slot on a cluster. */
export function accountTag(accountId: string): string {
  return `{${encodeURIComponent(accountId)}}`;
}

export function dedupeKeys(
  prefix: string,
  accountId: string,
  eventId: string,
  origin: string,
  at: number,
  slot?: number,
): DedupeKeys {
  const tag = accountTag(accountId);
  const event = hash('sha1', eventId, 'buffer').subarray(0, EVENT_DIGEST_BYTES);
  // The account's length first: no two (account, event id) pairs make the same text.
  const entry = hash('sha1', `${accountId.length}:${accountId}${eventId}`, 'buffer').subarray(
    0,
    EVENT_DIGEST_BYTES,
  );
  const hour = Math.floor(at / HOUR_MS);
  const root =
    slot === undefined
      ? `${prefix}v1:dd:${hour}:${entry.toString('hex', 0, 1)}`
      : `${prefix}v1:dd:{${slotTag(slot)}}:${hour}`;
  const account = `${prefix}v1:dd:${tag}`;
  const results = `${prefix}v1:res:${tag}:${event.toString('base64url')}`;
  return {
    account,
    results,
    root,
    keys: [root, results, account],
    event,
    entry,
    origin: originDigest(origin),
  };
}

function originDigest(origin: string): Buffer {
  return hash('sha1', origin, 'buffer').subarray(0, ORIGIN_DIGEST_BYTES);
}

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
  const markers = `${prefix}v1:sdd:${base}`;
  // KEYS[3] is not read by the slot's part: its markers again, in the slot.
  return { keys: [markers, `${prefix}v1:sres:${base}`, markers], event, entry: event, origin };
}
