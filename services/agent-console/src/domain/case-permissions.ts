import type { AllowedActions, CaseRow, Role } from './console-model.ts';

export interface Caller {
  principal: string;
  role: Role;
}

/**
 * What the console offers the caller on a case, mirroring case-service's access policy
 * (supervisors act on any case; an agent on an unassigned case or their own) so that what a
 * role may not do is shown disabled. Handing a case to someone else is offered to supervisors
 * only: the floor's rule is that agents take work, supervisors distribute it. case-service
 * still checks every call; a refusal that slips through is shown as it comes.
 */
export function allowedActions(caller: Caller, summary: CaseRow): AllowedActions {
  const open = summary.status !== 'resolved';
  const supervisor = caller.role === 'supervisor';
  const mine = summary.assignee === null || summary.assignee === caller.principal;
  const mayWork = open && (supervisor || mine);
  return {
    assignToMe: mayWork && summary.assignee !== caller.principal,
    assignToOther: open && supervisor,
    addNote: true,
    resolve: mayWork,
    lock: true,
    unlock: true,
  };
}
