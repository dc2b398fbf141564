import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  type AssigneeFilter,
  type CaseStatus,
  type QueuePage as Page,
  type QueueQuery,
  type QueueSort,
  type Severity,
} from '../api-client.ts';
import { ActionResult } from '../components/action-result.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useCaseEvents } from '../live-events.ts';

const STATUSES: CaseStatus[] = ['open', 'in_progress', 'resolved'];
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
const ASSIGNEES: AssigneeFilter[] = ['anyone', 'me', 'unassigned'];
const SORTS: QueueSort[] = ['severe', 'oldest', 'newest'];

const toggle = <T,>(list: T[], value: T) =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

function CheckboxGroup<T extends string>(props: {
  legend: string;
  options: readonly (readonly [T, string])[];
  checked: readonly T[];
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value}>
          <input
            type="checkbox"
            checked={props.checked.includes(value)}
            onChange={() => props.onToggle(value)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

export function QueuePage(props: { onOpen: (caseId: string) => void; onSignedOut: () => void }) {
  const { t, date, relative } = useI18n();
  const [query, setQuery] = useState<QueueQuery>({
    statuses: ['open', 'in_progress'],
    severities: [],
    assignee: 'anyone',
    sla: 'any',
    sort: 'severe',
    pageSize: 25,
  });
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const cursors = useRef<string[]>([]);

  const load = useCallback(
    (q: QueueQuery) =>
      api.queue(q).then(
        (result) => {
          setPage(result);
          setError(null);
        },
        (e: unknown) => setError(e),
      ),
    [],
  );
  useEffect(() => {
    void load(query);
  }, [query, load]);

  // A change anywhere may move a case into or out of this view: reload it, at most every 500 ms.
  const pending = useRef<number | undefined>(undefined);
  const live = useCaseEvents(() => {
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      void load(query).then(() => setUpdatedAt(new Date().toISOString()));
    }, 500);
  }, props.onSignedOut);

  const change = (next: Partial<QueueQuery>) => {
    cursors.current = [];
    setQuery({ ...query, ...next, cursor: undefined });
  };

  return (
    <main id="main">
      <h1>{t('queue.title')}</h1>
      <p className={`live ${live}`} role="status" aria-live="polite" data-testid="live-state">
        {t(`live.${live}`)}
        {updatedAt ? ` · ${t('live.updated', { time: date(updatedAt) })}` : ''}
      </p>
      <section aria-labelledby="filters-heading" className="filters">
        <h2 id="filters-heading">{t('queue.filters')}</h2>
        <CheckboxGroup
          legend={t('queue.status')}
          options={STATUSES.map((s) => [s, t(`status.${s}`)] as const)}
          checked={query.statuses}
          onToggle={(s) => change({ statuses: toggle(query.statuses, s) })}
        />
        <CheckboxGroup
          legend={t('queue.severity')}
          options={SEVERITIES.map((s) => [s, t(`severity.${s}`)] as const)}
          checked={query.severities}
          onToggle={(s) => change({ severities: toggle(query.severities, s) })}
        />
        <label>
          {t('queue.assignee')}{' '}
          <select
            value={query.assignee}
            onChange={(e) => change({ assignee: e.target.value as AssigneeFilter })}
            data-testid="assignee-filter"
          >
            {ASSIGNEES.map((a) => (
              <option key={a} value={a}>
                {t(`queue.assignee.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={query.sla === 'breached'}
            onChange={() => change({ sla: query.sla === 'breached' ? 'any' : 'breached' })}
            data-testid="sla-filter"
          />
          {t('queue.slaBreached')}
        </label>
        <label>
          {t('queue.sort')}{' '}
          <select
            value={query.sort}
            onChange={(e) => change({ sort: e.target.value as QueueSort })}
            data-testid="sort"
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`queue.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </section>
      {error !== null && <ActionResult outcome={{ ok: false, error }} testId="queue-error" />}
      {page && (
        <>
          <section aria-label={t('queue.counts')} className="counts" data-testid="counts">
            {SEVERITIES.map((s) => (
              <span key={s} className={`badge ${s}`}>
                {t(`severity.${s}`)}:{' '}
                {page.counts[s] >= page.countCap ? `${page.countCap}+` : page.counts[s]}
              </span>
            ))}
          </section>
          {page.cases.length === 0 ? (
            <p data-testid="queue-empty">{t('queue.empty')}</p>
          ) : (
            <table className="queue" data-testid="queue">
              <caption>{t('queue.caption', { sort: t(`queue.sort.${query.sort}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('col.severity')}</th>
                  <th scope="col">{t('col.account')}</th>
                  <th scope="col">{t('col.status')}</th>
                  <th scope="col">{t('col.assignee')}</th>
                  <th scope="col">{t('col.alerts')}</th>
                  <th scope="col">{t('col.opened')}</th>
                  <th scope="col">{t('col.sla')}</th>
                </tr>
              </thead>
              <tbody>
                {page.cases.map((c) => (
                  <tr key={c.caseId} data-case-id={c.caseId}>
                    <td>
                      <span className={`badge ${c.severity}`}>{t(`severity.${c.severity}`)}</span>
                    </td>
                    <td>
                      <a
                        href={`/cases/${c.caseId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          props.onOpen(c.caseId);
                        }}
                      >
                        {c.accountId}
                      </a>
                    </td>
                    <td>{t(`status.${c.status}`)}</td>
                    <td>{c.assignee ?? t('unassigned')}</td>
                    <td>{c.alertCount}</td>
                    <td>
                      <time dateTime={c.createdAt} title={date(c.createdAt)}>
                        {relative(c.createdAt)}
                      </time>
                    </td>
                    <td className={c.sla?.breached ? 'breached' : undefined}>
                      {c.sla === null
                        ? '–'
                        : t(c.sla.breached ? 'sla.breached' : 'sla.due', {
                            time: relative(c.sla.dueAt),
                          })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav aria-label="pagination" className="pager">
            <button
              type="button"
              disabled={cursors.current.length === 0}
              onClick={() => {
                cursors.current = [];
                setQuery({ ...query, cursor: undefined });
              }}
            >
              {t('queue.first')}
            </button>
            <button
              type="button"
              disabled={page.nextCursor === null}
              onClick={() => {
                if (page.nextCursor === null) return;
                cursors.current.push(page.nextCursor);
                setQuery({ ...query, cursor: page.nextCursor });
              }}
            >
              {t('queue.next')}
            </button>
          </nav>
        </>
      )}
    </main>
  );
}
