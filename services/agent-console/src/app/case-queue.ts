import {
  SEVERITIES,
  type CaseStatus,
  type QueuePage,
  type QueueQuery,
} from '../domain/console-model.ts';
import { breachedBefore, slaClock } from '../domain/sla-clock.ts';
import type { CaseListRequest, CaseTiming, Session } from './ports.ts';

/** Counts stop here ("200+"): case-service reads at most this many index entries per severity. */
export const COUNT_CAP = 200;

const ORDER: Record<QueueQuery['sort'], CaseListRequest['order']> = {
  severe: 'most_severe',
  oldest: 'oldest',
  newest: 'newest',
};

/**
 * The queue: the filtered page, and how many cases match the same filters per severity.
 * "Unassigned" is the open status (assigning a case puts it in progress, and nothing un-assigns
 * one); "mine" is the caller's own principal, which only the session knows; "SLA breached" is
 * an unresolved case opened longer ago than the SLA target.
 */
export async function loadQueue(
  session: Session,
  query: QueueQuery,
  timing: CaseTiming,
): Promise<QueuePage> {
  const now = timing.clock();
  const counts = { low: 0, medium: 0, high: 0, critical: 0 };
  // "Unassigned" is the open status; "SLA breached" is about unresolved cases only.
  let statuses: readonly CaseStatus[] = query.statuses;
  if (query.assignee === 'unassigned') statuses = narrow(statuses, ['open']);
  if (query.sla === 'breached') statuses = narrow(statuses, ['open', 'in_progress']);
  if (statuses.length === 0 && query.statuses.length > 0)
    return { cases: [], nextCursor: null, counts, countCap: COUNT_CAP };
  const base = {
    statuses: [...statuses],
    assignee: query.assignee === 'me' ? session.principal : undefined,
    createdBefore: query.sla === 'breached' ? breachedBefore(timing.slaSeconds, now) : undefined,
  };
  const [page, counted] = await Promise.all([
    session.connection.listCases({
      ...base,
      severities: query.severities,
      order: ORDER[query.sort],
      pageSize: query.pageSize,
      cursor: query.cursor,
    }),
    session.connection.countCases({ ...base, severities: query.severities, cap: COUNT_CAP }),
  ]);
  for (const severity of query.severities.length > 0 ? query.severities : SEVERITIES)
    counts[severity] = counted[severity];
  return {
    cases: page.cases.map((c) => ({
      ...c,
      sla: slaClock(c.createdAt, c.resolvedAt, timing.slaSeconds, now),
    })),
    nextCursor: page.nextCursor,
    counts,
    countCap: COUNT_CAP,
  };
}

/** The selected statuses a filter allows (all it allows when none is selected). */
function narrow(selected: readonly CaseStatus[], allowed: readonly CaseStatus[]): CaseStatus[] {
  return selected.length === 0 ? [...allowed] : selected.filter((s) => allowed.includes(s));
}
