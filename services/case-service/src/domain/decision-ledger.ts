import type { DecisionOutcome, EventType, RiskDecision } from '@vigil/events';

/** An enforce reason as the ledger keeps it for the account timeline: the rule and its words. */
export interface LedgerReason {
  rule: string;
  message: string;
}

/** A decision as the label ledger keeps it: who, which payment, what it did, which rules fired. */
export interface LedgerDecision {
  decisionId: string;
  eventId: string;
  eventType: EventType;
  accountId: string;
  transactionId: string | undefined;
  outcome: DecisionOutcome;
  score: number;
  /** Every enforce reason, in the decision's order (what the account timeline shows). */
  reasons: LedgerReason[];
  /** Enforce rules that fired, each once. */
  rules: string[];
  /** Shadow rules that would have fired, each once. */
  shadowRules: string[];
  decidedAt: string;
}

/**
 * The ledger entry of a decision, or undefined when no rule (enforce or shadow) fired: those are
 * most decisions, and only counted (a rule's flagged share needs the total, not the rows).
 */
export function ledgerEntry(decision: RiskDecision): LedgerDecision | undefined {
  const rules = [...new Set(decision.reasons.map((r) => r.rule))];
  const shadowRules = [...new Set(decision.shadowReasons.map((r) => r.rule))];
  if (rules.length === 0 && shadowRules.length === 0) return undefined;
  return {
    decisionId: decision.decisionId,
    eventId: decision.eventId,
    eventType: decision.eventType,
    accountId: decision.accountId,
    transactionId: decision.subject.transactionId || undefined,
    outcome: decision.outcome,
    score: decision.score,
    reasons: decision.reasons.map(({ rule, message }) => ({ rule, message })),
    rules,
    shadowRules,
    decidedAt: decision.decidedAt,
  };
}
