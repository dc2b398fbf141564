import type { Principal, Role } from './case-model.ts';

export const CASE_METHODS = [
  'RaiseCase',
  'GetCase',
  'ListCases',
  'CountCases',
  'AssignCase',
  'AddNote',
  'ResolveCase',
  'LockAccount',
  'UnlockAccount',
  'WatchCases',
  'WhoAmI',
  'ProposeRuleSet',
  'ListRuleSets',
  'GetRuleSet',
  'ApproveRuleSet',
  'RejectRuleSet',
  'RollbackRuleSet',
  'GetActiveRuleSet',
  'GetAccountActivity',
] as const;
export type CaseMethod = (typeof CASE_METHODS)[number];

const HUMANS: readonly Role[] = ['agent', 'supervisor'];

/** Which roles may call each RPC at all; per-case ownership is checked by the functions below. */
export const METHOD_ROLES: Record<CaseMethod, readonly Role[]> = {
  // Only the risk engine raises cases: an agent inventing alerts would poison the audit trail.
  RaiseCase: ['service'],
  GetCase: ['service', ...HUMANS],
  ListCases: ['service', ...HUMANS],
  CountCases: ['service', ...HUMANS],
  WatchCases: ['service', ...HUMANS],
  // Any valid token may learn who it is (a console signs agents in with it).
  WhoAmI: ['service', ...HUMANS],
  // What the customer answered and disputed is for the people working the account's cases.
  GetAccountActivity: HUMANS,
  AssignCase: HUMANS,
  AddNote: HUMANS,
  ResolveCase: HUMANS,
  LockAccount: HUMANS,
  UnlockAccount: HUMANS,
  // Rule changes: people propose, supervisors decide (never on their own proposal, see
  // rule-set-versions.ts), everyone may read; the risk engine reads the active version.
  ProposeRuleSet: HUMANS,
  ListRuleSets: ['service', ...HUMANS],
  GetRuleSet: ['service', ...HUMANS],
  ApproveRuleSet: ['supervisor'],
  RejectRuleSet: ['supervisor'],
  RollbackRuleSet: ['supervisor'],
  GetActiveRuleSet: ['service', ...HUMANS],
};

export function mayCall(principal: Principal, method: CaseMethod): boolean {
  return METHOD_ROLES[method].includes(principal.role);
}

export type PolicyVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: PolicyVerdict = { allowed: true };

/** Supervisors act on any case; an agent only on an unassigned one or their own. */
function ownOrSupervised(
  principal: Principal,
  currentAssignee: string | undefined,
  action: string,
): PolicyVerdict {
  if (principal.role === 'supervisor') return ALLOWED;
  if (currentAssignee === undefined || currentAssignee === principal.id) return ALLOWED;
  return {
    allowed: false,
    reason: `case is assigned to ${currentAssignee}; ${action} it needs a supervisor`,
  };
}

/**
 * Agents take unassigned cases and hand on their own; moving a case away from another agent is
 * a supervisor's call, so nobody silently takes over (or drops) a colleague's work.
 */
export function mayAssign(
  principal: Principal,
  currentAssignee: string | undefined,
): PolicyVerdict {
  return ownOrSupervised(principal, currentAssignee, 'reassigning');
}

/** Agents resolve their own (or unassigned) cases; another agent's case needs a supervisor. */
export function mayResolve(
  principal: Principal,
  currentAssignee: string | undefined,
): PolicyVerdict {
  return ownOrSupervised(principal, currentAssignee, 'resolving');
}
