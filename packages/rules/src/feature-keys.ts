import type { ScoredEvent } from '@vigil/events';
import { cyrb53Begin, cyrb53Digest, cyrb53Feed } from './cyrb53.ts';
import { attributeValue, transactionOf } from './event-view.ts';
import type { Dimension, ListEntity, ListName, ListScope } from './feature-spec.ts';

/** Key layout version: bump when the layout changes so old state is ignored, not misread. */
export const LAYOUT = 'v1';

/** cyrb53: a fast 53-bit string hash; identifies a feature spec compactly inside a key. */
export function hashText(text: string): string {
  cyrb53Begin();
  cyrb53Feed(text);
  return cyrb53Digest();
}

/** What encodeURIComponent leaves as it is (a subset of it): most ids and IPv4 addresses. */
const NEEDS_NO_ENCODING = /^[\w.~-]*$/;

/** Values go into keys percent-encoded, so `:`, `{` and `}` in an id or IPv6 address cannot break the layout. */
function keyPart(value: string): string {
  // The test is cheaper than encoding, which copies the string even when nothing changes.
  return NEEDS_NO_ENCODING.test(value) ? value : encodeURIComponent(value);
}

/**
 * What every id of a feature on one entity alone (an IP, a device…; not a pair) holds:
 * `:{<tag>}:<dimension>:` (see dimensionParts and the id layout in resolve-feature.ts).
 */
export function entityIdPart(dimension: 'ip' | 'device' | 'card' | 'beneficiary', value: string) {
  return `:{${keyPart(value)}}:${dimension}:`;
}

function pair(
  first: string | undefined,
  second: string | undefined,
): { tag: string; rest: string[] } | undefined {
  return first === undefined || second === undefined
    ? undefined
    : { tag: keyPart(first), rest: [keyPart(second)] };
}

/**
 * The hash-tag value and the remaining key parts of a dimension for an event; undefined when
 * the event lacks an attribute the dimension needs (then the feature does not apply).
 */
export function dimensionParts(
  dimension: Dimension,
  scored: ScoredEvent,
): { tag: string; rest: string[] } | undefined {
  const account = scored.event.accountId;
  switch (dimension) {
    case 'account':
      return { tag: keyPart(account), rest: [] };
    case 'card':
    case 'device':
    case 'ip':
    case 'bin':
    case 'beneficiary': {
      const value = attributeValue(scored, dimension);
      return value === undefined ? undefined : { tag: keyPart(value), rest: [] };
    }
    case 'account_ip':
      return pair(account, attributeValue(scored, 'ip'));
    case 'account_device':
      return pair(account, attributeValue(scored, 'device'));
    case 'account_card':
      return pair(account, attributeValue(scored, 'card'));
    case 'card_ip':
      return pair(attributeValue(scored, 'card'), attributeValue(scored, 'ip'));
    case 'merchant_bin':
      return pair(attributeValue(scored, 'merchant'), attributeValue(scored, 'bin'));
    case 'account_merchant_amount': {
      const tx = transactionOf(scored);
      if (!tx?.merchant) return undefined;
      return {
        tag: keyPart(account),
        rest: [keyPart(tx.merchant.id), `${tx.amount.minor}${tx.amount.currency}`],
      };
    }
  }
}

/**
 * Global list entries hash on the listed value itself; account-scoped entries (a device
 * trusted for one account) sit in the account's slot.
 */
export function listKey(
  list: ListName,
  entity: ListEntity,
  scope: ListScope,
  accountId: string,
  value: string,
): string {
  // Concatenated, not joined: this runs for every list lookup of every event.
  return scope === 'global'
    ? `${LAYOUT}:list:${list}:${entity}:{${keyPart(value)}}`
    : `${LAYOUT}:list:${list}:${entity}:{${keyPart(accountId)}}:${keyPart(value)}`;
}
