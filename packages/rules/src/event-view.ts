import type { ScoredEvent, TransactionEvent } from '@vigil/events';
import { hourBand } from './hour-band.ts';
import { ipPrefix } from './ip-prefix.ts';

export type EventKind = ScoredEvent['kind'];
export const EVENT_KINDS = [
  'transaction',
  'login',
  'account_change',
] as const satisfies readonly EventKind[];

/**
 * Things an event can be keyed or counted by. `country` is the event's geo (IP) country;
 * `ip_prefix` the network the IP is in (IPv4 /24, IPv6 /48): a home broadband or office network
 * keeps its prefix while single addresses rotate. `hour_band` / `hour_band_offset`: the two-hour
 * bands of the day the event happened in (hour-band.ts), the account's habitual hours.
 */
export const ATTRIBUTES = [
  'account',
  'card',
  'device',
  'ip',
  'ip_prefix',
  'bin',
  'country',
  'beneficiary',
  'merchant',
  'hour_band',
  'hour_band_offset',
] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** Transactions that move money out of the account; limits and cash-out rules look at these. */
export const OUTGOING_TYPES = ['payment', 'transfer', 'withdrawal'] as const;

/** Event time in epoch ms. Windows run on event time so a replay computes the same features. */
export function eventTime(scored: ScoredEvent): number {
  return Date.parse(scored.event.occurredAt);
}

export function transactionOf(scored: ScoredEvent): TransactionEvent | undefined {
  return scored.kind === 'transaction' ? scored.event : undefined;
}

export function attributeValue(scored: ScoredEvent, attribute: Attribute): string | undefined {
  const tx = transactionOf(scored);
  switch (attribute) {
    case 'account':
      return scored.event.accountId;
    case 'device':
      return scored.event.device?.id;
    case 'ip':
      return scored.event.ip;
    case 'ip_prefix':
      return scored.event.ip === undefined ? undefined : ipPrefix(scored.event.ip);
    case 'country':
      return scored.event.geo?.country;
    case 'card':
      return tx?.card?.fingerprint;
    case 'bin':
      return tx?.card?.bin;
    case 'beneficiary':
      return tx?.beneficiary?.id;
    case 'merchant':
      return tx?.merchant?.id;
    case 'hour_band':
      return hourBand(eventTime(scored), false);
    case 'hour_band_offset':
      return hourBand(eventTime(scored), true);
  }
}
