import {
  SEVERITIES,
  type CaseStatus,
  type QueuePage,
  type QueueQuery,
  type Severity,
} from '../domain/console-model.ts';
import type { CaseListRequest, Session } from './ports.ts';

/** Counts stop here ("200+"): one ListCases page per severity keeps the queue fast at any size. */
export const COUNT_CAP = 200;

const ORDER: Record<QueueQuery['sort'], CaseListRequest['order']> = {
  severe: 'most_severe',
  oldest: 'oldest',
  newest: 'newest',
};

/**
 * The queue: the filtered page, and how many cases match the same filters per severity.
 * "Unassigned" is the open status (assigning a case puts it in progress, and nothing un-assigns
 * one); "mine" is the caller's own principal, which only the session knows.
 */
export async function loadQueue(session: Session, query: QueueQuery): Promise<QueuePage> {
  const counts = { low: 0, medium: 0, high: 0, critical: 0 };
  let statuses: CaseStatus[] = query.statuses;
  if (query.assignee === 'unassigned') {
    if (statuses.length > 0 && !statuses.includes('open'))
      return { cases: [], nextCursor: null, counts, countCap: COUNT_CAP };
    statuses = ['open'];
  }
  const base = { statuses, assignee: query.assignee === 'me' ? session.principal : undefined };
  const severitiesCounted: readonly Severity[] =
    query.severities.length > 0 ? query.severities : SEVERITIES;
  const [page, ...counted] = await Promise.all([
    session.connection.listCases({
      ...base,
      severities: query.severities,
      order: ORDER[query.sort],
      pageSize: query.pageSize,
      cursor: query.cursor,
    }),
    ...severitiesCounted.map((severity) =>
      session.connection
        .listCases({ ...base, severities: [severity], order: 'newest', pageSize: COUNT_CAP })
        .then((result) => [severity, result.cases.length] as const),
    ),
  ]);
  for (const [severity, n] of counted) counts[severity] = n;
  return { cases: page.cases, nextCursor: page.nextCursor, counts, countCap: COUNT_CAP };
}
