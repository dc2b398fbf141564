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
 */
export type FeatureSpec =
  /** Count (or sum of amount, per currency) over a sliding window made of fixed buckets. */
  | {
      kind: 'counter';
      dimension: Dimension;
      measure: 'count' | 'amount';
      windowMs: number;
      bucketMs: number;
      filter: EventFilter;
    }
  /** Count or amount since local midnight in an IANA time zone (resets at local midnight). */
  | {
      kind: 'daily';
      dimension: Dimension;
      measure: 'count' | 'amount';
      timeZone: string;
      filter: EventFilter;
    }
  /** Distinct values of `of` per dimension within the window (cards per device, accounts per IP). */
  | { kind: 'distinct'; dimension: Dimension; of: Attribute; windowMs: number; filter: EventFilter }
  /**
   * When `of` was last seen for the dimension, recorded for events matching the filter, and
   * whether the dimension had any recorded value before. Values are remembered `historyMs`
   * (default: the lookback) after the dimension's last recording, so a rule can tell a customer
   * Vigil has no history for from one whose value is unfamiliar.
   */
  | {
      kind: 'seen_before';
      dimension: Dimension;
      of: Attribute;
      lookbackMs: number;
      historyMs?: number;
      filter: EventFilter;
    }
  /** The previous event matching the filter: time and geo (impossible travel, ATO cash-out). */
  | { kind: 'last_event'; dimension: Dimension; retentionMs: number; filter: EventFilter }
  /** Running average amount per dimension and currency over events matching the filter. */
  | { kind: 'average'; dimension: Dimension; retentionMs: number; filter: EventFilter }
  /** Membership of the event's entity in a deny or allow list. */
  | { kind: 'list'; list: ListName; entity: ListEntity; scope: ListScope };

export type FeatureKind = FeatureSpec['kind'];

/** What a last_event feature remembers of an event. */
export interface LastEventRecord {
  at: number;
  country?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
}
