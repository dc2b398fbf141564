import { allowedActions } from '../domain/case-permissions.ts';
import type { CaseDetail } from '../domain/console-model.ts';
import { lockState } from '../domain/lock-state.ts';
import { slaClock } from '../domain/sla-clock.ts';
import type { CaseTiming, Session } from './ports.ts';

/** A case page: what case-service holds, plus the lock state and what the caller may do. */
export async function loadCase(
  session: Session,
  caseId: string,
  timing: CaseTiming,
): Promise<CaseDetail> {
  const record = await session.connection.getCase(caseId);
  return {
    ...record,
    lock: lockState(record.alerts, record.audit),
    allowed: allowedActions(session, record.summary),
    slaClock: slaClock(
      record.summary.createdAt,
      record.summary.resolvedAt,
      timing.slaSeconds,
      timing.clock(),
    ),
  };
}
