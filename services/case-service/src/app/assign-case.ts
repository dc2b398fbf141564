import { caseChange } from '../domain/case-change.ts';
import type { CaseSummary, Principal } from '../domain/case-model.ts';
import { planAssignment } from '../domain/case-transitions.ts';
import { lockedCase } from './locked-case.ts';
import type { CaseUseCaseDeps } from './ports.ts';

/** AssignCase: hand the case to `assignee` and put it in progress, if the policy allows. */
export function assignCase(
  deps: Pick<CaseUseCaseDeps, 'store' | 'clock'>,
  input: { caseId: string; assignee: string },
  by: Principal,
): Promise<CaseSummary> {
  const { caseId } = input;
  return deps.store.transaction(async (tx) => {
    const before = await lockedCase(tx, caseId);
    const after = await tx.updateCase(caseId, planAssignment(before, input.assignee, by));
    await tx.appendAudit({
      caseId,
      accountId: after.accountId,
      by,
      action: 'assigned',
      before: { assignee: before.assignee ?? null, status: before.status },
      after: { assignee: after.assignee ?? null, status: after.status },
    });
    await tx.announce(caseChange('assigned', after, by, deps.clock()));
    return after;
  });
}
