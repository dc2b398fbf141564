import type { CaseChange, CaseSummary, ChangeKind, Principal } from './case-model.ts';

/** The notice live consoles get about a committed change: the case as it is after it. */
export function caseChange(
  kind: ChangeKind,
  after: CaseSummary,
  by: Principal,
  at: Date,
): CaseChange {
  const { caseId, accountId, status, severity, assignee } = after;
  return {
    kind,
    caseId,
    accountId,
    status,
    severity,
    assignee,
    actor: by.id,
    at: at.toISOString(),
  };
}
