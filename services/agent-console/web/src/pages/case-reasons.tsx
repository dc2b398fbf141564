import type { AlertView, ReasonView } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';

function ReasonLine({ reason }: { reason: ReasonView }) {
  const { t, money } = useI18n();
  // Amount rules carry minor units: shown as money in the agent's locale (JPY 0, USD/CNY 2 decimals).
  const value = (raw: string) => (reason.currency ? money(raw, reason.currency) : raw);
  return (
    <li>
      <span className="reason-message">{reason.message}</span>
      {reason.observed !== null && (
        <span className="reason-values" data-testid="reason-values">
          {' — '}
          {reason.threshold !== null
            ? t('reason.values', {
                observed: value(reason.observed),
                threshold: value(reason.threshold),
              })
            : t('reason.observed', { observed: value(reason.observed) })}
        </span>
      )}
      <span className="reason-score"> ({t('reason.score', { score: reason.score })})</span>
    </li>
  );
}

export function AlertList({ alerts }: { alerts: AlertView[] }) {
  const { t, date } = useI18n();
  const eventType = (type: string) =>
    type === 'transaction' || type === 'login' || type === 'account_change'
      ? t(`eventType.${type}`)
      : type;
  return (
    <ol className="alerts">
      {alerts.map((alert) => (
        <li key={alert.alertId} className={`alert ${alert.severity}`}>
          <h3>
            {t('alert.heading', {
              eventType: eventType(alert.eventType),
              score: alert.score,
              outcome: t(`outcome.${alert.outcome}`),
            })}
          </h3>
          <p className="muted">
            <span className={`badge ${alert.severity}`}>{t(`severity.${alert.severity}`)}</span>{' '}
            {t('alert.decided', { time: date(alert.decidedAt) })}
          </p>
          <h4>{t('alert.reasons')}</h4>
          <ul className="reasons">
            {alert.reasons.map((reason, i) => (
              <ReasonLine key={`${reason.rule}-${i}`} reason={reason} />
            ))}
          </ul>
          <p className="muted">
            {t('alert.subject')}:{' '}
            {[
              alert.subject.transactionId &&
                t('alert.transaction', { id: alert.subject.transactionId }),
              alert.subject.deviceId && t('alert.device', { id: alert.subject.deviceId }),
              alert.subject.ip && t('alert.ip', { ip: alert.subject.ip }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </li>
      ))}
    </ol>
  );
}
