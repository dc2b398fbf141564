import { allowedActions } from '../domain/case-permissions.ts';
import type { CaseDetail } from '../domain/console-model.ts';
import { lockState } from '../domain/lock-state.ts';
import { slaClock } from '../domain/sla-clock.ts';
import type { CaseTiming, Session } from './ports.ts';

/** How many of the account's other cases the page lists. */
export const ACCOUNT_HISTORY = 10;

/**
 * A case page: what case-service holds, plus the lock state, what the caller may do, the SLA
 * clock and the account's other cases.
 */
export async function loadCase(
  session: Session,
  caseId: string,
  timing: CaseTiming,
): Promise<CaseDetail> {
  const record = await session.connection.getCase(caseId);
  const history = await session.connection.listCases({
    statuses: [],
    severities: [],
    accountId: record.summary.accountId,
    order: 'newest',
    pageSize: ACCOUNT_HISTORY + 1,
  });
  return {
    ...record,
    lock: lockState(record.alerts, record.audit),
    allowed: allowedActions(session, record.summary),
    accountCases: history.cases.filter((c) => c.caseId !== caseId).slice(0, ACCOUNT_HISTORY),
    slaClock: slaClock(
      record.summary.createdAt,
      record.summary.resolvedAt,
      timing.slaSeconds,
      timing.clock(),
    ),
  };
}
