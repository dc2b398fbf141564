import type { ReactNode } from 'react';
import type { ApiErrorBody, Section } from '../../api-client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages-en.ts';

type FailureMessage = Extract<MessageKey, 'activity.ledgerFailed' | 'activity.noticesFailed'>;

/** A section whose source failed: which source, why in plain words, and that the rest works. */
function SectionFailure(props: {
  error: ApiErrorBody['error'];
  message: FailureMessage;
  testId: string;
}) {
  const { t } = useI18n();
  const { code, retryable } = props.error;
  const reason =
    code === 'UNAVAILABLE' || code === 'PERMISSION_DENIED'
      ? t(`activity.reason.${code}`)
      : t('activity.reason.other', { code });
  return (
    <p className="result error" role="alert" data-testid={props.testId}>
      {t(props.message, { reason })}
      {retryable ? ` ${t('activity.retry')}` : ''}
    </p>
  );
}

/**
 * One source's part of the page: loading (null), its data, why it failed, or that the console has
 * no such source (`notConfigured` says so in words).
 */
export function SectionBody<T>(props: {
  section: Section<T> | null;
  failure: FailureMessage;
  failureTestId: string;
  notConfigured: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  const { section } = props;
  if (section === null) return <p>{t('loading')}</p>;
  switch (section.state) {
    case 'ok':
      return props.children(section.data);
    case 'failed':
      return (
        <SectionFailure
          error={section.error}
          message={props.failure}
          testId={props.failureTestId}
        />
      );
    case 'not_configured':
      return props.notConfigured;
  }
}
