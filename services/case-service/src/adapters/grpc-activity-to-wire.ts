import type { AccountActivity as WireActivity, AccountDecision } from '@vigil/protos';
import type { AccountActivity, AccountDecisionRecord } from '../domain/account-activity.ts';
import { toWireOutcome } from './grpc-wire-enums.ts';

function toWireDecision(decision: AccountDecisionRecord): AccountDecision {
  return {
    decisionId: decision.decisionId,
    eventId: decision.eventId,
    ...(decision.eventType === undefined ? {} : { eventType: decision.eventType }),
    ...(decision.score === undefined ? {} : { score: decision.score }),
    outcome: toWireOutcome(decision.outcome),
    rules: decision.rules,
    shadowRules: decision.shadowRules,
    reasons: decision.reasons,
    ...(decision.transactionId === undefined ? {} : { transactionId: decision.transactionId }),
    decidedAt: decision.decidedAt.toISOString(),
  };
}

/** GetAccountActivity's answer; `retentionDays` is 0 when the label ledger is off. */
export function toWireAccountActivity(
  activity: AccountActivity,
  retentionDays: number,
): WireActivity {
  return {
    onlyFlaggedDecisions: true,
    decisions: activity.decisions.map(toWireDecision),
    answers: activity.answers.map((answer) => ({
      decisionId: answer.decisionId,
      verdict: answer.verdict,
      answeredAt: answer.answeredAt.toISOString(),
    })),
    disputes: activity.disputes.map((dispute) => ({
      disputeId: dispute.disputeId,
      status: dispute.status,
      transactionId: dispute.transactionId,
      reasonFamily: dispute.reasonFamily,
      amountMinor: dispute.amountMinor,
      currency: dispute.currency,
      occurredAt: dispute.occurredAt.toISOString(),
    })),
    retentionDays,
  };
}
