import { mayAssign, mayResolve, type PolicyVerdict } from './access-policy.ts';
import type { CaseStatus, CaseSummary, Principal } from './case-model.ts';
import { caseError, invalidArgument } from './case-errors.ts';

/**
 * Which status may follow which. Assigning (again) puts a case in progress; either open status
 * may be resolved. Resolved is final: nothing reopens a case, and the account's next alert opens
 * a new one (raise_case attaches alerts to an open or in-progress case only).
 */
const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['in_progress', 'resolved'],
  resolved: [],
};

export function mayMove(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

function allowOrRefuse(verdict: PolicyVerdict): void {
  if (!verdict.allowed) throw caseError('PERMISSION_DENIED', verdict.reason);
}

/**
 * Assigning: the case must still be open and the caller allowed to move it (see mayAssign).
 * Returns the change to apply; throws FAILED_PRECONDITION or PERMISSION_DENIED.
 */
export function planAssignment(
  current: CaseSummary,
  assignee: string,
  by: Principal,
): { assignee: string; status: CaseStatus } {
  const status = 'in_progress';
  if (!mayMove(current.status, status))
    throw caseError('FAILED_PRECONDITION', `case ${current.caseId} is resolved`);
  allowOrRefuse(mayAssign(by, current.assignee));
  return { assignee, status };
}

/** Resolving: once only, by the case's agent (or anyone on an unassigned case) or a supervisor. */
export function planResolution(current: CaseSummary, by: Principal): { status: CaseStatus } {
  const status = 'resolved';
  if (!mayMove(current.status, status))
    throw caseError('FAILED_PRECONDITION', `case ${current.caseId} is already resolved`);
  allowOrRefuse(mayResolve(by, current.assignee));
  return { status };
}

/**
 * A lock or unlock may cite a case as its grounds, but only a case about that account: a command
 * pointing at someone else's case would put a misleading audit trail on both.
 */
export function checkAccountActionCase(target: CaseSummary, accountId: string): void {
  if (target.accountId !== accountId) {
    throw invalidArgument([
      { field: 'caseId', description: `case ${target.caseId} is about another account` },
    ]);
  }
}
