import type { RiskDecision } from '@vigil/events';
import type { RaiseCaseRequest } from './generated/vigil/cases/v1/RaiseCaseRequest.ts';

const OUTCOMES = {
  allow: 'DECISION_OUTCOME_ALLOW',
  challenge: 'DECISION_OUTCOME_CHALLENGE',
  review: 'DECISION_OUTCOME_REVIEW',
  block: 'DECISION_OUTCOME_BLOCK',
} as const;

/**
 * The RaiseCase request for a risk decision, as the risk engine sends it. Observed values and
 * thresholds travel as strings on the wire (numbers keep their decimal form).
 */
export type RaiseCaseInput = Pick<
  RiskDecision,
  | 'decisionId'
  | 'eventId'
  | 'eventType'
  | 'accountId'
  | 'score'
  | 'outcome'
  | 'reasons'
  | 'occurredAt'
  | 'decidedAt'
  | 'subject'
>;

export function raiseCaseRequestFromDecision(decision: RaiseCaseInput): RaiseCaseRequest {
  return {
    decisionId: decision.decisionId,
    eventId: decision.eventId,
    eventType: decision.eventType,
    accountId: decision.accountId,
    score: decision.score,
    outcome: OUTCOMES[decision.outcome],
    reasons: decision.reasons.map((reason) => ({
      rule: reason.rule,
      score: reason.score,
      message: reason.message,
      ...(reason.observed !== undefined ? { observed: String(reason.observed) } : {}),
      ...(reason.threshold !== undefined ? { threshold: String(reason.threshold) } : {}),
    })),
    occurredAt: decision.occurredAt,
    decidedAt: decision.decidedAt,
    subject: { ...decision.subject },
  };
}
