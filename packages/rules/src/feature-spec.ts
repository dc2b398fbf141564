import type { Attribute } from './event-view.ts';
import type { EventFilter } from './event-filter.ts';

/**
 * What a rule keys state by. `account_*` dimensions are per-account (Redis hash tag on the
 * account id); the others are cross-account and hash on their own value (card, device, IP, BIN;
 * `merchant_bin` on the merchant: one BIN range as seen at one merchant, where enumeration runs).
 */
export const DIMENSIONS = [
  'account',
  'card',
  'device',
  'ip',
  'bin',
  'beneficiary',
  'account_ip',
  'account_device',
  'account_card',
  'card_ip',
  'merchant_bin',
  'account_merchant_amount',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const LIST_ENTITIES = ['device', 'card', 'ip', 'account'] as const;
export type ListEntity = (typeof LIST_ENTITIES)[number];
export type ListName = 'deny' | 'allow';
/** Deny lists are global (fraud linked to a device anywhere); allow lists may be per account (trusted device). */
export type ListScope = 'global' | 'account';

/**
 * The feature contract: rules declare what they need, the feature store computes it in O(1)
 * per feature (bucketed counters, capped sets), and rules never see raw history.
 *
 * Every value is computed **as of the event's own time** `at`, whatever order events reached
 * the store in (another partition may be ahead in event time, an upstream may deliver late):
 * state recorded for events after `at` is not counted. Where a compact state cannot tell, a
 * value errs in one documented direction (per kind below) by a bounded amount. State is kept
 * long enough to answer events up to the store's lateness horizon late (default 1 h); an event
 * later than that may under-count.
 */
export type FeatureSpec =
  /**
   * Count (or sum of amount, per currency) of the recorded events with time in (at − W, at], the
   * event's own included: exact while the two edge buckets' detail holds (their events' offsets
   * in 64 bytes: ~12 events of a 5 s bucket, ~8 of an hour's, ~4 amounts of an hour's); an
   * overflowed edge bucket is left out where the cut falls inside its events' range, so the value
   * may then under-count by at most one bucket of time, never over-count. `windowMs` must be a
   * multiple of `bucketMs`.
   */
  | {
      kind: 'counter';
      dimension: Dimension;
      measure: 'count' | 'amount';
      windowMs: number;
      bucketMs: number;
      filter: EventFilter;
    }
  /**
   * Count or amount of the recorded events of the event's local calendar day in `timeZone` (the
   * account's zone, see RuleContext) up to and including `at`; a later event of the same day
   * recorded first does not count. Exact unless the hour holding `at` overflowed its detail (see
   * counter) and holds later events: then that hour counts only the event itself (under-count
   * ≤ one hour of the day).
   */
  | {
      kind: 'daily';
      dimension: Dimension;
      measure: 'count' | 'amount';
      timeZone: string;
      filter: EventFilter;
    }
  /**
   * Distinct values of `of` per dimension within (at − W, at] (cards per device, accounts per IP).
   * Each value keeps its latest sighting only, so a value seen both inside the window and again
   * after `at` (another partition ahead, or this event is late) is missed: toward not counting.
   * The event's own value always counts.
   */
  | { kind: 'distinct'; dimension: Dimension; of: Attribute; windowMs: number; filter: EventFilter }
  /**
   * When `of` was last recorded for the dimension strictly before `at` (events matching the
   * filter), and whether the dimension had any recording strictly before `at`. Each value keeps
   * its first and last recording: exact when the last one is before `at`; when `at` falls
   * between them (a sighting before and one after), the value is reported seen at `at` − 1 —
   * toward "seen", i.e. toward not flagging. Values are remembered `historyMs` (default: the
   * lookback) after the dimension's last recording, so a rule can tell a customer Vigil has no
   * history for from one whose value is unfamiliar. Also returned: the value's first recording
   * and the dimension's earliest one, when before `at` (exact: how long the account has had a
   * device, and whether it is the account's first).
   */
  | {
      kind: 'seen_before';
      dimension: Dimension;
      of: Attribute;
      lookbackMs: number;
      historyMs?: number;
      filter: EventFilter;
    }
  /**
   * The newest event matching the filter strictly before `at`: time and geo (impossible travel,
   * ATO cash-out). The 4 newest records are kept: exact unless 4 or more recorded events are
   * newer than `at` (then null: toward not flagging).
   */
  | { kind: 'last_event'; dimension: Dimension; retentionMs: number; filter: EventFilter }
  /**
   * Running average amount per dimension and currency over events matching the filter. As of
   * the store's state when the event is processed, not of `at`: approximate for late events.
   */
  | { kind: 'average'; dimension: Dimension; retentionMs: number; filter: EventFilter }
  /** Membership of the event's entity in a deny or allow list (as of now: lists are not timed). */
  | { kind: 'list'; list: ListName; entity: ListEntity; scope: ListScope };

export type FeatureKind = FeatureSpec['kind'];

/** What a last_event feature remembers of an event. */
export interface LastEventRecord {
  at: number;
  country?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
}
