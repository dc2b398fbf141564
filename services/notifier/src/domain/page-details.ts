import { deviceKindKey } from './device-kind.ts';
import { formatInstant, formatMoney, type SupportedLocale } from './locale-format.ts';
import { formatPlace } from './place-names.ts';
import type { NotificationFacts } from './notification.ts';
import type { MessageKey } from './templates/message-keys.ts';
import type { Translate } from './templates/translator.ts';

export const PAGE_DETAILS = ['activity', 'amount', 'merchant', 'place', 'time', 'device'] as const;
export type PageDetailName = (typeof PAGE_DETAILS)[number];

/** One labelled line of "what is being confirmed", already in the customer's words. */
export interface PageDetail {
  name: PageDetailName;
  label: string;
  value: string;
}

const DETAIL_LABELS: Record<PageDetailName, MessageKey> = {
  activity: 'page.detail_activity',
  amount: 'page.detail_amount',
  merchant: 'page.detail_merchant',
  place: 'page.detail_place',
  time: 'page.detail_time',
  device: 'page.detail_device',
};

export function deviceKind(platform: string | undefined, t: Translate): string | undefined {
  const key = deviceKindKey(platform);
  return key === undefined ? undefined : t(key);
}

/** The kind of activity in a word; the amount and merchant get lines of their own. */
const ACTIVITY: Record<NonNullable<NotificationFacts['eventType']>, MessageKey> = {
  transaction: 'what.transaction',
  login: 'what.login',
  account_change: 'what.account_change',
};

/**
 * What the verification page shows, in plain words and the customer's formats: the kind of
 * activity, amount, merchant, city and country, local time with its zone, device kind. Built only
 * from the notice's stored facts and never from the device id or IP address: those are ours,
 * and an IP means nothing to a customer while telling a fraudster what we watch.
 */
export function pageDetails(
  facts: NotificationFacts,
  locale: SupportedLocale,
  timeZone: string,
  t: Translate,
): PageDetail[] {
  const values: [PageDetailName, string | undefined][] = [
    ['activity', t(ACTIVITY[facts.eventType ?? 'transaction'])],
    ['amount', facts.amount === undefined ? undefined : formatMoney(facts.amount, locale)],
    ['merchant', facts.merchantName],
    ['place', formatPlace(facts, locale)],
    ['time', formatInstant(facts.occurredAt, locale, timeZone)],
    ['device', deviceKind(facts.devicePlatform, t)],
  ];
  return values.flatMap(([name, value]) =>
    value === undefined || value.trim() === ''
      ? []
      : [{ name, label: t(DETAIL_LABELS[name]), value }],
  );
}
