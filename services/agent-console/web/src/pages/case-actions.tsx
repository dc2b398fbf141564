import { useId, useState, type FormEvent } from 'react';
import { api, type CaseDetail, type Disposition, type SessionView } from '../api-client.ts';
import { ActionResult, type Outcome } from '../components/action-result.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const DISPOSITIONS: Disposition[] = ['false_positive', 'confirmed_fraud', 'inconclusive'];

/**
 * Every action keeps what the agent typed until it succeeds: a refusal or an outage shows its
 * message beside the form and the text stays for another try.
 */
export function CaseActions(props: {
  detail: CaseDetail;
  session: SessionView;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { summary, allowed } = props.detail;
  const ids = useId();
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const [disposition, setDisposition] = useState<Disposition>('false_positive');
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState(false);

  const run = <T,>(
    key: string,
    call: () => Promise<T>,
    message: (r: T) => string,
    clear: () => void,
  ) => {
    setBusy(true);
    call().then(
      (result) => {
        setBusy(false);
        clear();
        setOutcomes({ [key]: { ok: true, message: message(result) } });
        props.onChanged();
      },
      (error: unknown) => {
        setBusy(false);
        setOutcomes({ ...outcomes, [key]: { ok: false, error } });
      },
    );
  };
  const why = summary.status === 'resolved' ? t('action.closed') : t('action.notYours');
  const submitNote = (e: FormEvent) => {
    e.preventDefault();
    run(
      'note',
      () => api.addNote(summary.caseId, note),
      () => t('result.noteAdded'),
      () => setNote(''),
    );
  };

  return (
    <section aria-labelledby={`${ids}-actions`} className="actions">
      <h2 id={`${ids}-actions`}>{t('actions.title')}</h2>

      <div className="action">
        <button
          type="button"
          disabled={busy || !allowed.assignToMe}
          aria-describedby={allowed.assignToMe ? undefined : `${ids}-assign-why`}
          onClick={() =>
            run(
              'assign',
              () => api.assign(summary.caseId),
              (r) => t('result.assigned', { assignee: r.assignee ?? '' }),
              () => {},
            )
          }
        >
          {t('action.assignToMe')}
        </button>
        {!allowed.assignToMe && summary.assignee !== props.session.principal && (
          <span id={`${ids}-assign-why`} className="muted">
            {' '}
            {why}
          </span>
        )}
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            run(
              'assign',
              () => api.assign(summary.caseId, assignee),
              (r) => t('result.assigned', { assignee: r.assignee ?? '' }),
              () => setAssignee(''),
            );
          }}
        >
          <label htmlFor={`${ids}-assignee`}>{t('action.assignOther')}</label>
          <input
            id={`${ids}-assignee`}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            placeholder={t('action.assignee')}
            disabled={!allowed.assignToOther}
            aria-describedby={allowed.assignToOther ? undefined : `${ids}-assign-other-why`}
            required
            maxLength={128}
          />
          <button type="submit" disabled={busy || !allowed.assignToOther}>
            {t('action.assign')}
          </button>
          {!allowed.assignToOther && (
            <span id={`${ids}-assign-other-why`} className="muted">
              {' '}
              {summary.status === 'resolved' ? t('action.closed') : t('action.supervisorOnly')}
            </span>
          )}
        </form>
        <ActionResult outcome={outcomes['assign'] ?? null} testId="assign-result" />
      </div>

      <form className="action" onSubmit={submitNote}>
        <label htmlFor={`${ids}-note`}>{t('action.noteLabel')}</label>
        <textarea
          id={`${ids}-note`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required
          maxLength={4000}
          rows={3}
        />
        <button type="submit" disabled={busy || !allowed.addNote}>
          {t('action.note')}
        </button>
        <ActionResult outcome={outcomes['note'] ?? null} testId="note-result" />
      </form>

      <form
        className="action"
        aria-labelledby={`${ids}-resolve`}
        onSubmit={(e) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <h3 id={`${ids}-resolve`}>{t('action.resolveTitle')}</h3>
        <label htmlFor={`${ids}-disposition`}>{t('action.disposition')}</label>
        <select
          id={`${ids}-disposition`}
          value={disposition}
          onChange={(e) => setDisposition(e.target.value as Disposition)}
          data-testid="disposition"
        >
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {t(`disposition.${d}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-comment`}>{t('action.comment')}</label>
        <textarea
          id={`${ids}-comment`}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={4000}
          rows={2}
        />
        <button
          type="submit"
          disabled={busy || !allowed.resolve}
          aria-describedby={allowed.resolve ? undefined : `${ids}-resolve-why`}
        >
          {t('action.resolve')}
        </button>
        {!allowed.resolve && (
          <span id={`${ids}-resolve-why`} className="muted">
            {' '}
            {why}
          </span>
        )}
        {confirming && (
          <div
            role="alertdialog"
            aria-modal="false"
            aria-labelledby={`${ids}-confirm`}
            className="confirm"
          >
            <p id={`${ids}-confirm`}>
              {t('action.confirm', { disposition: t(`disposition.${disposition}`) })}
            </p>
            <button
              type="button"
              autoFocus
              onClick={() => {
                setConfirming(false);
                run(
                  'resolve',
                  () => api.resolve(summary.caseId, disposition, comment),
                  () => t('result.resolved', { disposition: t(`disposition.${disposition}`) }),
                  () => setComment(''),
                );
              }}
            >
              {t('action.confirmYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('action.confirmNo')}
            </button>
          </div>
        )}
        <ActionResult outcome={outcomes['resolve'] ?? null} testId="resolve-result" />
      </form>

      <form
        className="action"
        aria-labelledby={`${ids}-account`}
        onSubmit={(e) => e.preventDefault()}
      >
        <h3 id={`${ids}-account`}>{t('action.accountTitle')}</h3>
        <label htmlFor={`${ids}-reason`}>{t('action.reason')}</label>
        <input
          id={`${ids}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
        />
        {(['lock', 'unlock'] as const).map((action) => (
          <button
            key={action}
            type="button"
            disabled={busy || !allowed[action] || reason.trim() === ''}
            onClick={() =>
              run(
                'account',
                () => api.accountAction(action, summary.accountId, reason, summary.caseId),
                (r) =>
                  t(action === 'lock' ? 'result.locked' : 'result.unlocked', {
                    commandId: r.commandId,
                  }),
                () => setReason(''),
              )
            }
          >
            {t(action === 'lock' ? 'action.lock' : 'action.unlock')}
          </button>
        ))}
        <ActionResult outcome={outcomes['account'] ?? null} testId="account-result" />
      </form>
    </section>
  );
}
