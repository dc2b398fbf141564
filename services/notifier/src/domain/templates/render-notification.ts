import {
  formatCountry,
  formatInstant,
  formatMoney,
  resolveLocale,
  type SupportedLocale,
} from '../locale-format.ts';
import type { NotificationFacts, NotificationKind } from '../notification.ts';
import type { MessageKey } from './message-keys.ts';
import { DEFAULT_CATALOGS, translator, type Catalogs, type Translate } from './translator.ts';

export interface Recipient {
  locale: string;
  timeZone: string;
}

export interface VerificationLink {
  url: string;
  expiresAt: string;
}

/** A rendered notice: `subject` + `text` for email, `short` for SMS and push. */
export interface RenderedMessage {
  locale: SupportedLocale;
  subject: string;
  text: string;
  short: string;
}

function describeWhat(facts: NotificationFacts, t: Translate, locale: SupportedLocale): string {
  switch (facts.eventType) {
    case 'login':
      return t('what.login');
    case 'account_change':
      return t('what.account_change');
    case 'transaction':
    case undefined: {
      if (facts.amount === undefined) return t('what.transaction');
      const amount = formatMoney(facts.amount, locale);
      return facts.merchantName === undefined
        ? t('what.transaction_amount', { amount })
        : t('what.transaction_amount_merchant', { amount, merchant: facts.merchantName });
    }
  }
}

function describeWhere(facts: NotificationFacts, locale: SupportedLocale): string | undefined {
  const country = facts.country === undefined ? undefined : formatCountry(facts.country, locale);
  const place = [facts.city, country].filter((part) => part !== undefined && part !== '').join(', ');
  return place === '' ? undefined : place;
}

/** The "what / when / where / device" block; lines with nothing to say are left out. */
function factLines(facts: NotificationFacts, t: Translate, locale: SupportedLocale, timeZone: string): string[] {
  const where = describeWhere(facts, locale);
  const device = [facts.devicePlatform, facts.deviceId].filter((part) => part !== undefined).join(' · ');
  const line = (label: MessageKey, value: string) => t('fact.line', { label: t(label), value });
  return [
    line('fact.what', describeWhat(facts, t, locale)),
    line('fact.when', formatInstant(facts.occurredAt, locale, timeZone)),
    ...(where === undefined ? [] : [line('fact.where', where)]),
    ...(device === '' ? [] : [line('fact.device', device)]),
    ...(facts.ip === undefined ? [] : [line('fact.ip', facts.ip)]),
  ];
}

/**
 * Renders one notice in the recipient's language and time zone. A verification request must be
 * given its signed link; the other kinds ignore it.
 */
export function renderNotification(
  kind: NotificationKind,
  facts: NotificationFacts,
  recipient: Recipient,
  link: VerificationLink | undefined,
  catalogs: Catalogs = DEFAULT_CATALOGS,
): RenderedMessage {
  const locale = resolveLocale(recipient.locale);
  const t = translator(locale, catalogs);
  const when = formatInstant(facts.occurredAt, locale, recipient.timeZone);
  const what = describeWhat(facts, t, locale);
  const body = (lines: string[]) => [t('greeting'), '', ...lines, '', t('signature')].join('\n');
  switch (kind) {
    case 'verification_request': {
      const url = link?.url ?? '';
      const expiresAt = link === undefined ? '' : formatInstant(link.expiresAt, locale, recipient.timeZone);
      return {
        locale,
        subject: t('verification_request.subject'),
        text: body([
          t('verification_request.intro'),
          '',
          ...factLines(facts, t, locale, recipient.timeZone),
          '',
          t('verification_request.action', { link: url }),
          t('verification_request.expiry', { expiresAt }),
        ]),
        short: t('verification_request.short', { what, when, link: url }),
      };
    }
    case 'lock_notice':
      return {
        locale,
        subject: t('lock_notice.subject'),
        text: body([
          t('lock_notice.intro'),
          '',
          ...factLines(facts, t, locale, recipient.timeZone),
          '',
          t('lock_notice.next_steps'),
        ]),
        short: t('lock_notice.short', { what, when }),
      };
    case 'access_restored':
      return {
        locale,
        subject: t('access_restored.subject'),
        text: body([t('access_restored.body')]),
        short: t('access_restored.short'),
      };
  }
}
