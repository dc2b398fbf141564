import { useCallback, useEffect, useState } from 'react';
import { api, type CaseDetail, type SessionView } from '../api-client.ts';
import { ActionResult } from '../components/action-result.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { isMessageKey } from '../i18n/messages-en.ts';
import { AccountActivity } from './activity/account-activity.tsx';
import { CaseActions } from './case-actions.tsx';
import { AlertList } from './case-reasons.tsx';

export function CasePage(props: {
  caseId: string;
  session: SessionView;
  onBack: () => void;
  onOpen: (caseId: string) => void;
}) {
  const i18n = useI18n();
  const { t, date, relative, duration } = i18n;
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    () => api.getCase(props.caseId).then(setDetail, (e: unknown) => setError(e)),
    [props.caseId],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <p>
      <a
        href="/"
        onClick={(e) => {
          e.preventDefault();
          props.onBack();
        }}
      >
        ← {t('case.back')}
      </a>
    </p>
  );
  if (!detail)
    return (
      <main id="main">
        {back}
        {error !== null ? (
          <ActionResult outcome={{ ok: false, error }} testId="case-error" />
        ) : (
          <p>{t('loading')}</p>
        )}
      </main>
    );
  const { summary, lock } = detail;
  // An action case-service added after this page was built is shown as it is named.
  const auditAction = (action: string) => {
    const key = `audit.${action}`;
    return isMessageKey(key) ? t(key) : action;
  };
  return (
    <main id="main" className="case">
      {back}
      <h1>{t('case.title', { accountId: summary.accountId })}</h1>
      <section aria-labelledby="summary-heading" className="summary">
        <h2 id="summary-heading">{t('case.summary')}</h2>
        <dl>
          <dt>{t('case.id')}</dt>
          <dd data-testid="case-id">{summary.caseId}</dd>
          <dt>{t('col.status')}</dt>
          <dd data-testid="case-status">{t(`status.${summary.status}`)}</dd>
          <dt>{t('col.severity')}</dt>
          <dd>
            <span className={`badge ${summary.severity}`}>{t(`severity.${summary.severity}`)}</span>
          </dd>
          <dt>{t('col.assignee')}</dt>
          <dd data-testid="case-assignee">{summary.assignee ?? t('unassigned')}</dd>
          <dt>{t('case.opened')}</dt>
          <dd>
            <time dateTime={summary.createdAt}>{date(summary.createdAt)}</time> (
            {relative(summary.createdAt)})
          </dd>
          <dt>{t('case.age')}</dt>
          <dd>{duration(detail.sla.ageSeconds)}</dd>
          <dt>{t('col.sla')}</dt>
          <dd
            data-testid="sla-clock"
            className={detail.slaClock?.breached ? 'breached' : undefined}
          >
            {detail.slaClock === null
              ? t('case.none')
              : t(detail.slaClock.breached ? 'sla.breached' : 'sla.due', {
                  time: relative(detail.slaClock.dueAt),
                })}
          </dd>
          <dt>{t('case.firstAction')}</dt>
          <dd>{detail.sla.firstActionAt ? date(detail.sla.firstActionAt) : t('case.none')}</dd>
          {summary.disposition && (
            <>
              <dt>{t('case.disposition')}</dt>
              <dd data-testid="case-disposition">{t(`disposition.${summary.disposition}`)}</dd>
            </>
          )}
          <dt>{t('case.lock')}</dt>
          <dd data-testid="lock-state" className={`lock ${lock.state}`}>
            {lock.state === 'unknown'
              ? t('lock.unknown')
              : t(lock.state === 'locked' ? 'lock.locked' : 'lock.unlocked', {
                  since: date(lock.since),
                  by: lock.by,
                })}
          </dd>
        </dl>
        {detail.resolvedBy && (
          <p>
            {t('case.resolvedBy', {
              who: detail.resolvedBy,
              comment: detail.resolutionComment ?? '',
            })}
          </p>
        )}
      </section>

      <div className="case-body">
        <div className="case-details">
          <section aria-labelledby="alerts-heading">
            <h2 id="alerts-heading">{t('case.alerts')}</h2>
            <AlertList alerts={detail.alerts} />
          </section>

          <AccountActivity detail={detail} />

          <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t('case.history')}</h2>
            {detail.accountCases.length === 0 ? (
              <p>{t('history.none')}</p>
            ) : (
              <ul className="history" data-testid="account-cases">
                {detail.accountCases.map((c) => (
                  <li key={c.caseId}>
                    <a
                      href={`/cases/${c.caseId}`}
                      onClick={(e) => {
                        e.preventDefault();
                        props.onOpen(c.caseId);
                      }}
                    >
                      <time dateTime={c.createdAt}>{date(c.createdAt)}</time>
                    </a>{' '}
                    <span className={`badge ${c.severity}`}>{t(`severity.${c.severity}`)}</span>{' '}
                    {t(`status.${c.status}`)}
                    {c.disposition ? ` · ${t(`disposition.${c.disposition}`)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">{t('case.notes')}</h2>
            {detail.notes.length === 0 ? (
              <p>{t('notes.empty')}</p>
            ) : (
              <ul className="notes" data-testid="notes">
                {detail.notes.map((n) => (
                  <li key={n.noteId}>
                    <p className="note-body">{n.body}</p>
                    <p className="muted">
                      {t('notes.by', { author: n.author, time: date(n.createdAt) })}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="audit-heading">
            <h2 id="audit-heading">{t('case.audit')}</h2>
            <table className="audit" data-testid="audit">
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.audit.map((a) => (
                  <tr key={a.auditId}>
                    <td>
                      <time dateTime={a.at}>{date(a.at)}</time>
                    </td>
                    <td>
                      {a.actor} ({a.actorRole})
                    </td>
                    <td>{auditAction(a.action)}</td>
                    <td className="mono">{JSON.stringify(a.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <CaseActions detail={detail} session={props.session} onChanged={() => void load()} />
      </div>
    </main>
  );
}
