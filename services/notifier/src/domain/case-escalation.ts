import type { DecisionReason, EventType, RiskDecision } from '@vigil/events';

/** The alert case-service receives when a customer says "that was not me". */
export interface CaseEscalation {
  /** The challenged decision's id: RaiseCase is idempotent on it, so retries attach one alert. */
  decisionId: string;
  eventId: string;
  eventType: EventType;
  accountId: string;
  score: number;
  outcome: 'block';
  reasons: DecisionReason[];
  occurredAt: string;
  decidedAt: string;
  subject: RiskDecision['subject'];
}

export const CUSTOMER_DENIED_RULE = 'customer_denied_activity';

/**
 * A challenge the customer disowns is confirmed account takeover: the account is being locked, so
 * the alert goes in as a block with the maximum score (case-service makes that critical) and a
 * reason the agent reads first, followed by the rules that fired originally.
 */
export function planCaseEscalation(decision: RiskDecision, answeredAt: string): CaseEscalation {
  return {
    decisionId: decision.decisionId,
    eventId: decision.eventId,
    eventType: decision.eventType,
    accountId: decision.accountId,
    score: 100,
    outcome: 'block',
    reasons: [
      {
        rule: CUSTOMER_DENIED_RULE,
        score: 100,
        message: `Customer answered "not me" to the verification request at ${answeredAt}; account lock requested`,
      },
      ...decision.reasons,
    ],
    occurredAt: decision.occurredAt,
    decidedAt: decision.decidedAt,
    subject: decision.subject,
  };
}
