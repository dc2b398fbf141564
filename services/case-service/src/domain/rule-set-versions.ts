import type { PolicyVerdict } from './access-policy.ts';
import type { Principal } from './case-model.ts';

/**
 * Life of a rule-set version: proposed → active (a supervisor other than the author approved it)
 * or rejected; an active version becomes retired when a newer one is approved, or rolled_back
 * when a supervisor rolls it back (the version it replaced is active again). At most one is
 * active; it is the one risk engines load.
 */
export const RULE_SET_STATUSES = [
  'proposed',
  'active',
  'rejected',
  'retired',
  'rolled_back',
] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

export interface RuleSetVersionRecord {
  /** The YAML's own `version`: unique, never reused. */
  version: string;
  status: RuleSetStatus;
  author: string;
  proposedAt: Date;
  /** Hex SHA-256 of `yaml`. */
  sha256: string;
  /** Backtest summary (Markdown) attached to the proposal. */
  summary: string | undefined;
  decidedBy: string | undefined;
  decidedAt: Date | undefined;
  decisionComment: string | undefined;
  activatedAt: Date | undefined;
  /** The version that was active when this one became active: what a rollback returns to. */
  replaces: string | undefined;
  yaml: string;
  ruleCount: number;
}

export const RULE_SET_ACTIONS = [
  'proposed',
  'approved',
  'rejected',
  'activated',
  'retired',
  'rolled_back',
] as const;
export type RuleSetAction = (typeof RULE_SET_ACTIONS)[number];

export interface RuleSetAuditRecord {
  auditId: string;
  version: string;
  actor: string;
  actorRole: string;
  action: RuleSetAction;
  details: Record<string, unknown>;
  at: Date;
}

/** A refusal names its error code: the caller may not (PERMISSION_DENIED) or not now (FAILED_PRECONDITION). */
export type RuleSetVerdict =
  | PolicyVerdict
  | { allowed: false; code: 'PERMISSION_DENIED' | 'FAILED_PRECONDITION'; reason: string };

const ALLOWED: RuleSetVerdict = { allowed: true };
const denied = (reason: string): RuleSetVerdict => ({
  allowed: false,
  code: 'PERMISSION_DENIED',
  reason,
});
const notNow = (reason: string): RuleSetVerdict => ({
  allowed: false,
  code: 'FAILED_PRECONDITION',
  reason,
});

/**
 * Four eyes: only a supervisor approves or rejects, never the version's own author, and only a
 * version still waiting for a decision.
 */
export function mayDecide(
  principal: Principal,
  target: Pick<RuleSetVersionRecord, 'version' | 'author' | 'status'>,
  decision: 'approve' | 'reject',
): RuleSetVerdict {
  if (principal.role !== 'supervisor')
    return denied(`only a supervisor may ${decision} a rule-set version`);
  if (principal.id === target.author)
    return denied(
      `${target.version} was proposed by ${principal.id}; another supervisor must ${decision} it`,
    );
  if (target.status !== 'proposed')
    return notNow(`${target.version} is ${target.status}, not proposed`);
  return ALLOWED;
}

/**
 * A rollback takes the active version out and brings back the one it replaced, which must have
 * been active before (retired). One step at a time: a second rollback goes one further back.
 */
export function mayRollback(
  principal: Principal,
  active: Pick<RuleSetVersionRecord, 'version' | 'replaces'> | undefined,
  previous: Pick<RuleSetVersionRecord, 'version' | 'status'> | undefined,
): RuleSetVerdict {
  if (principal.role !== 'supervisor')
    return denied('only a supervisor may roll back the rule set');
  if (!active) return notNow('no rule-set version is active');
  if (active.replaces === undefined || !previous)
    return notNow(
      `${active.version} replaced no earlier version; there is nothing to roll back to`,
    );
  if (previous.status !== 'retired')
    return notNow(
      `${previous.version} is ${previous.status}; only a retired version can come back`,
    );
  return ALLOWED;
}
