import type { CustomerAnswerView, LedgerActivity, NoticeView, Section } from '../../api-client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SectionBody } from './section-body.tsx';

/** A BCP 47 tag named in the agent's language (ja → 日本語 / Japanese); the tag itself if unknown. */
function languageName(agentLocale: string, tag: string): string {
  try {
    return new Intl.DisplayNames([agentLocale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function NoticeEntry({ notice }: { notice: NoticeView }) {
  const { t, date, locale } = useI18n();
  const via =
    notice.channel === 'email' || notice.channel === 'sms' || notice.channel === 'push'
      ? t('notice.via', {
          channel: t(`channel.${notice.channel}`),
          language: notice.locale === null ? '—' : languageName(locale, notice.locale),
        })
      : t('notice.noChannel');
  const status =
    notice.status === 'sent'
      ? t('notice.status.sent', { time: notice.sentAt === null ? '' : date(notice.sentAt) })
      : t(`notice.status.${notice.status}`);
  return (
    <li>
      <time dateTime={notice.createdAt}>{date(notice.createdAt)}</time>{' '}
      <strong>{t(`notice.${notice.kind}`)}</strong> · {via} · {status}
      {notice.activityCount > 1 && ` · ${t('notice.covers', { count: notice.activityCount })}`}
      {notice.kind === 'verification_request' && (
        <p className={notice.answer?.answer === 'no' ? 'answer no' : 'answer'}>
          {notice.answer === null
            ? t('notice.unanswered')
            : t(`notice.answered.${notice.answer.answer}`, {
                time: date(notice.answer.answeredAt),
              })}
        </p>
      )}
    </li>
  );
}

function Notices({ notices }: { notices: NoticeView[] }) {
  const { t } = useI18n();
  if (notices.length === 0) return <p>{t('contact.noNotices')}</p>;
  return (
    <ul className="contact" data-testid="notices">
      {notices.map((notice) => (
        <NoticeEntry key={notice.id} notice={notice} />
      ))}
    </ul>
  );
}

function Answers({ answers }: { answers: CustomerAnswerView[] }) {
  const { t, date } = useI18n();
  if (answers.length === 0) return <p>{t('contact.noAnswers')}</p>;
  return (
    <ul className="contact" data-testid="answers">
      {answers.map((a) => (
        <li key={`${a.decisionId}-${a.answeredAt}`}>
          {t('answer.line', {
            answer: t(`answer.${a.verdict}`),
            decisionId: a.decisionId,
            time: date(a.answeredAt),
          })}
        </li>
      ))}
    </ul>
  );
}

/**
 * What the customer was told (the notifier's notices, with their answers) and what they answered
 * about each decision (case-service's ledger); each part says so when its source failed.
 */
export function CustomerContact(props: {
  notices: Section<NoticeView[]> | null;
  ledger: Section<LedgerActivity> | null;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="contact-heading" className="activity">
      <h2 id="contact-heading">{t('case.contact')}</h2>
      <h3>{t('contact.notices')}</h3>
      <SectionBody
        section={props.notices}
        failure="activity.noticesFailed"
        failureTestId="notices-error"
        notConfigured={<p data-testid="notices-off">{t('contact.noticesOff')}</p>}
      >
        {(notices) => <Notices notices={notices} />}
      </SectionBody>
      <h3>{t('contact.answers')}</h3>
      <SectionBody
        section={props.ledger}
        failure="activity.ledgerFailed"
        failureTestId="answers-error"
        notConfigured={<p>{t('timeline.noLedger')}</p>}
      >
        {(ledger) => <Answers answers={ledger.answers} />}
      </SectionBody>
    </section>
  );
}
