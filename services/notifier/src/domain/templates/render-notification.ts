import {
  formatInstant,
  formatMoney,
  resolveLocale,
  type SupportedLocale,
} from '../locale-format.ts';
import type { NotificationFacts, NotificationKind } from '../notification.ts';
import { formatPlace } from '../place-names.ts';
import { fitSms } from '../sms-length.ts';
import type { MessageKey } from './message-keys.ts';
import { DEFAULT_CATALOGS, translator, type Catalogs, type Translate } from './translator.ts';
import { deviceKindKey } from '../device-kind.ts';

export interface Recipient {
  locale: string;
  timeZone: string;
}

export interface VerificationLink {
  url: string;
  expiresAt: string;
}

/** A rendered notice: `subject` + `text` for email, `short` for SMS and push (fits SMS_MAX_SEGMENTS). */
export interface RenderedMessage {
  locale: SupportedLocale;
  subject: string;
  text: string;
  short: string;
}

/** What a notice is about: its first activity, and the others of its incident listed with it. */
export interface NoticeContent {
  kind: NotificationKind;
  facts: NotificationFacts;
  /** Further activities listed in the notice (bounded by the intake). */
  activities?: readonly NotificationFacts[] | undefined;
  /** Activities the notice covers, the first included; more than listed are counted. */
  activityCount?: number | undefined;
}

interface Context {
  t: Translate;
  locale: SupportedLocale;
  timeZone: string;
}

/** The activity in words; `detail` drops the merchant, then the amount (to fit an SMS). */
function describeWhat(
  facts: NotificationFacts,
  { t, locale }: Context,
  detail: 'full' | 'amount' | 'plain' = 'full',
): string {
  switch (facts.eventType) {
    case 'login':
      return t('what.login');
    case 'account_change':
      return t('what.account_change');
    case 'transaction':
    case undefined: {
      if (facts.amount === undefined || detail === 'plain') return t('what.transaction');
      const amount = formatMoney(facts.amount, locale);
      return facts.merchantName === undefined || detail === 'amount'
        ? t('what.transaction_amount', { amount })
        : t('what.transaction_amount_merchant', { amount, merchant: facts.merchantName });
    }
  }
}

/** The kind of device, never its id: an id means nothing to a customer and helps a phisher. */
function describeDevice(platform: string | undefined, t: Translate): string | undefined {
  if (platform === undefined || platform === '') return undefined;
  return t(deviceKindKey(platform) ?? 'device.other');
}

/** The "what / when / where / device" of one activity; lines with nothing to say are left out. No IP. */
function factLines(facts: NotificationFacts, context: Context): string[] {
  const { t } = context;
  const where = formatPlace(facts, context.locale);
  const device = describeDevice(facts.devicePlatform, t);
  const line = (label: MessageKey, value: string) => t('fact.line', { label: t(label), value });
  return [
    line('fact.what', describeWhat(facts, context)),
    line('fact.when', formatInstant(facts.occurredAt, context.locale, context.timeZone)),
    ...(where === undefined ? [] : [line('fact.where', where)]),
    ...(device === undefined ? [] : [line('fact.device', device)]),
  ];
}

/** One activity as it stands, or several numbered, with how many more were not listed. */
function activityLines(content: NoticeContent, context: Context): string[] {
  const listed = [content.facts, ...(content.activities ?? [])];
  const count = Math.max(content.activityCount ?? 1, listed.length);
  if (count === 1) return factLines(content.facts, context);
  const numbered = listed.flatMap((facts, index) => {
    const [first = '', ...rest] = factLines(facts, context);
    return [`${index + 1}. ${first}`, ...rest.map((line) => `   ${line}`)];
  });
  const more = count - listed.length;
  return [
    context.t('activities.count', { count: String(count) }),
    ...numbered,
    ...(more > 0 ? [context.t('activities.more', { count: String(more) })] : []),
  ];
}

/**
 * The SMS text: the richest variant that fits SMS_MAX_SEGMENTS, dropping the merchant first,
 * then the "(+2 more)" count, then the amount.
 */
function shortText(
  key: MessageKey,
  content: NoticeContent,
  context: Context,
  vars: Record<string, string>,
): string {
  const count = Math.max(content.activityCount ?? 1, 1 + (content.activities?.length ?? 0));
  const more = count > 1 ? context.t('short.more', { count: String(count - 1) }) : '';
  const variant = (detail: 'full' | 'amount' | 'plain', withMore: boolean) =>
    context.t(key, {
      ...vars,
      what: describeWhat(content.facts, context, detail),
      more: withMore ? more : '',
    });
  return fitSms([
    variant('full', true),
    variant('amount', true),
    variant('amount', false),
    variant('plain', false),
  ]);
}

/**
 * Renders one notice in the recipient's language and time zone. A verification request must be
 * given its signed link; the other kinds ignore it.
 */
export function renderNotice(
  content: NoticeContent,
  recipient: Recipient,
  link: VerificationLink | undefined,
  catalogs: Catalogs = DEFAULT_CATALOGS,
): RenderedMessage {
  const locale = resolveLocale(recipient.locale);
  const context: Context = {
    t: translator(locale, catalogs),
    locale,
    timeZone: recipient.timeZone,
  };
  const { t } = context;
  const when = formatInstant(content.facts.occurredAt, locale, recipient.timeZone);
  const body = (lines: string[]) => [t('greeting'), '', ...lines, '', t('signature')].join('\n');
  switch (content.kind) {
    case 'verification_request': {
      const url = link?.url ?? '';
      const expiresAt =
        link === undefined ? '' : formatInstant(link.expiresAt, locale, recipient.timeZone);
      return {
        locale,
        subject: t('verification_request.subject'),
        text: body([
          t('verification_request.intro'),
          '',
          ...activityLines(content, context),
          '',
          t('verification_request.action', { link: url }),
          t('verification_request.expiry', { expiresAt }),
        ]),
        short: shortText('verification_request.short', content, context, { when, link: url }),
      };
    }
    case 'lock_notice':
      return {
        locale,
        subject: t('lock_notice.subject'),
        text: body([
          t('lock_notice.intro'),
          '',
          ...activityLines(content, context),
          '',
          t('lock_notice.next_steps'),
        ]),
        short: shortText('lock_notice.short', content, context, { when }),
      };
    case 'access_restored':
      return {
        locale,
        subject: t('access_restored.subject'),
        text: body([t('access_restored.body')]),
        short: fitSms([t('access_restored.short')]),
      };
  }
}

/** One activity's notice (kept for callers that render a single decision's facts). */
export function renderNotification(
  kind: NotificationKind,
  facts: NotificationFacts,
  recipient: Recipient,
  link: VerificationLink | undefined,
  catalogs: Catalogs = DEFAULT_CATALOGS,
): RenderedMessage {
  return renderNotice({ kind, facts }, recipient, link, catalogs);
}
