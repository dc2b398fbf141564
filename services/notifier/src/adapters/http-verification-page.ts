import type { ActivityView } from '../app/answer-verification.ts';
import type { Brand } from '../domain/brand.ts';
import { formatInstant, type SupportedLocale } from '../domain/locale-format.ts';
import { pageDetails } from '../domain/page-details.ts';
import type { MessageKey } from '../domain/templates/message-keys.ts';
import { translator } from '../domain/templates/translator.ts';
import { escapeHtml, layout } from './http-page-layout.ts';

/**
 * The confirmation page behind the link: what is being confirmed, then two buttons that POST the
 * signed token, each saying what happens next. Link scanners that follow the GET see this page
 * and change nothing.
 */
export function questionPage(
  brand: Brand,
  locale: SupportedLocale,
  token: string,
  activity: ActivityView,
): string {
  const t = translator(locale);
  const rows = pageDetails(activity.facts, locale, activity.timeZone, t)
    .map(
      (detail) =>
        `<div class="row ${detail.name}" data-detail="${detail.name}"><dt>${escapeHtml(detail.label)}</dt><dd>${escapeHtml(detail.value)}</dd></div>`,
    )
    .join('');
  // A "was this you?" that gathered an incident's activities asks about all of them.
  const summary = (facts: ActivityView['facts']) =>
    pageDetails(facts, locale, activity.timeZone, t)
      .filter((detail) => detail.name !== 'device')
      .map((detail) => detail.value)
      .join(' · ');
  const unlisted = activity.total - 1 - activity.others.length;
  const others =
    activity.others.length === 0
      ? ''
      : `<section class="card" aria-labelledby="also"><h2 id="also">${escapeHtml(t('page.also'))}</h2><ul class="also">` +
        activity.others.map((facts) => `<li>${escapeHtml(summary(facts))}</li>`).join('') +
        (unlisted > 0
          ? `<li>${escapeHtml(t('activities.more', { count: String(unlisted) }))}</li>`
          : '') +
        `</ul></section>`;
  const form = (answer: 'yes' | 'no', label: MessageKey, next: MessageKey) =>
    `<form method="post" action=""><input type="hidden" name="t" value="${escapeHtml(token)}">` +
    `<input type="hidden" name="answer" value="${answer}">` +
    `<button type="submit" class="${answer}" aria-describedby="next-${answer}">${escapeHtml(t(label))}</button>` +
    `<p class="next" id="next-${answer}">${escapeHtml(t(next))}</p></form>`;
  const expiresAt = formatInstant(activity.expiresAt.toISOString(), locale, activity.timeZone);
  return layout(
    brand,
    locale,
    t,
    `<h1>${escapeHtml(t('page.question'))}</h1>` +
      `<p class="lead">${escapeHtml(t('page.intro'))}</p>` +
      `<section class="card" aria-labelledby="details"><h2 id="details">${escapeHtml(t('page.details'))}</h2><dl>${rows}</dl></section>` +
      others +
      form('yes', 'page.yes', 'page.yes_next') +
      form('no', 'page.no', brand.agentFollowUp ? 'page.no_next' : 'page.no_next_unreviewed') +
      `<p class="note">${escapeHtml(t('page.never_ask'))}</p>` +
      `<p class="note">${escapeHtml(t('page.expires', { expiresAt }))}</p>`,
  );
}

export const OUTCOMES = [
  'thanks_yes',
  'thanks_no',
  'already_answered',
  'conflict',
  'expired',
  'invalid',
  'unavailable',
  'server_error',
  'bad_request',
] as const;
/** Every page a customer can land on other than the question itself. */
export type Outcome = (typeof OUTCOMES)[number];

/** Heading, what happened, what to do now; `problem` pages are marked in the alert colour. */
const OUTCOME_TEXT: Record<Outcome, { heading: MessageKey; body: MessageKey[]; problem: boolean }> =
  {
    thanks_yes: {
      heading: 'page.heading_thanks',
      body: ['page.thanks_yes', 'page.close'],
      problem: false,
    },
    thanks_no: {
      heading: 'page.heading_thanks',
      body: ['page.thanks_no', 'page.after_no'],
      problem: false,
    },
    already_answered: {
      heading: 'page.heading_done',
      body: ['page.already_answered', 'page.close'],
      problem: false,
    },
    conflict: { heading: 'page.heading_contact', body: ['page.conflict'], problem: true },
    expired: { heading: 'page.heading_link', body: ['page.expired'], problem: true },
    invalid: { heading: 'page.heading_link', body: ['page.invalid'], problem: true },
    unavailable: { heading: 'page.heading_retry', body: ['page.unavailable'], problem: true },
    server_error: { heading: 'page.heading_retry', body: ['page.server_error'], problem: true },
    bad_request: { heading: 'page.heading_retry', body: ['page.bad_request'], problem: true },
  };

/** "Not me" recorded where no case is raised: the customer is sent to support, not promised a call. */
const UNREVIEWED_THANKS_NO: MessageKey = 'page.thanks_no_unreviewed';

/** A result page: thanks, already answered, expired, invalid… in the customer's language. */
export function outcomePage(brand: Brand, locale: SupportedLocale, outcome: Outcome): string {
  const t = translator(locale);
  const text = OUTCOME_TEXT[outcome];
  const body = text.body
    .map((key) => (key === 'page.thanks_no' && !brand.agentFollowUp ? UNREVIEWED_THANKS_NO : key))
    .map((key) => `<p>${escapeHtml(t(key))}</p>`)
    .join('');
  return layout(
    brand,
    locale,
    t,
    `<section class="outcome${text.problem ? ' problem' : ''}" data-outcome="${outcome}"><h1>${escapeHtml(t(text.heading))}</h1>${body}</section>`,
  );
}
