import type { DisputeView, LedgerActivity, Section, TimelineDecision } from '../../api-client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SectionBody } from './section-body.tsx';

const EVENT_TYPES = new Set(['transaction', 'login', 'account_change']);
const DISPUTE_STATUSES = new Set(['opened', 'won', 'lost']);

function DecisionEntry(props: { decision: TimelineDecision; inThisCase: boolean }) {
  const { t, date } = useI18n();
  const d = props.decision;
  const eventType =
    d.eventType === null
      ? t('timeline.unknownEvent')
      : EVENT_TYPES.has(d.eventType)
        ? t(`eventType.${d.eventType as 'transaction' | 'login' | 'account_change'}`)
        : d.eventType;
  return (
    <li className={`timeline-entry ${d.outcome}`}>
      <time dateTime={d.decidedAt}>{date(d.decidedAt)}</time>{' '}
      <strong>{t('timeline.heading', { eventType, outcome: t(`outcome.${d.outcome}`) })}</strong>
      {' · '}
      {d.score === null ? t('timeline.noScore') : t('timeline.score', { score: d.score })}
      {props.inThisCase && (
        <>
          {' '}
          <span className="badge this-case">{t('timeline.thisCase')}</span>
        </>
      )}
      {d.reasons.length > 0 ? (
        <ul className="reasons">
          {d.reasons.map((reason, i) => (
            <li key={`${reason.rule}-${i}`}>{reason.message}</li>
          ))}
        </ul>
      ) : (
        d.rules.length > 0 && (
          <p className="muted">{t('timeline.rulesOnly', { rules: d.rules.join(', ') })}</p>
        )
      )}
      {d.shadowRules.length > 0 && (
        <p className="muted">{t('timeline.shadow', { rules: d.shadowRules.join(', ') })}</p>
      )}
    </li>
  );
}

function DisputeList({ disputes }: { disputes: DisputeView[] }) {
  const { t, date, money } = useI18n();
  if (disputes.length === 0) return null;
  return (
    <>
      <h3>{t('timeline.disputes')}</h3>
      <ul className="disputes" data-testid="disputes">
        {disputes.map((d) => (
          <li key={`${d.disputeId}-${d.status}`}>
            <time dateTime={d.occurredAt}>{date(d.occurredAt)}</time>{' '}
            {t('dispute.line', {
              status: DISPUTE_STATUSES.has(d.status)
                ? t(`dispute.status.${d.status as 'opened' | 'won' | 'lost'}`)
                : d.status,
              family: d.reasonFamily,
              amount: money(d.amountMinor, d.currency),
              transactionId: d.transactionId,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

function Timeline(props: { ledger: LedgerActivity; caseDecisions: ReadonlySet<string> }) {
  const { t } = useI18n();
  const { ledger } = props;
  return (
    <>
      <p className="muted" data-testid="timeline-scope">
        {ledger.retentionDays === 0
          ? t('timeline.noLedger')
          : `${t('timeline.flaggedOnly')} ${t('timeline.retention', { days: ledger.retentionDays })}`}
      </p>
      {ledger.decisions.length === 0 ? (
        <p>{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {ledger.decisions.map((decision) => (
            <DecisionEntry
              key={decision.decisionId}
              decision={decision}
              inThisCase={props.caseDecisions.has(decision.decisionId)}
            />
          ))}
        </ol>
      )}
      <DisputeList disputes={ledger.disputes} />
    </>
  );
}

/** The account's flagged decisions, newest first, and its disputes (case-service's ledger). */
export function AccountTimeline(props: {
  ledger: Section<LedgerActivity> | null;
  caseDecisions: ReadonlySet<string>;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="timeline-heading" className="activity">
      <h2 id="timeline-heading">{t('case.timeline')}</h2>
      <SectionBody
        section={props.ledger}
        failure="activity.ledgerFailed"
        failureTestId="timeline-error"
        notConfigured={<p>{t('timeline.noLedger')}</p>}
      >
        {(ledger) => <Timeline ledger={ledger} caseDecisions={props.caseDecisions} />}
      </SectionBody>
    </section>
  );
}
