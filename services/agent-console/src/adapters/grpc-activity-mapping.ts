import type { AccountActivity__Output, AccountDecision__Output } from '@vigil/protos';
import {
  ANSWER_VERDICTS,
  type AnswerVerdict,
  type LedgerActivity,
  type TimelineDecision,
} from '../domain/activity-model.ts';
import { toOutcome } from './grpc-case-mapping.ts';

const isVerdict = (value: string): value is AnswerVerdict =>
  (ANSWER_VERDICTS as readonly string[]).includes(value);

function toTimelineDecision(d: AccountDecision__Output): TimelineDecision {
  return {
    decisionId: d.decisionId,
    eventId: d.eventId,
    eventType: d.eventType ?? null,
    score: d.score ?? null,
    outcome: toOutcome(d.outcome),
    reasons: d.reasons.map((r) => ({ rule: r.rule, message: r.message })),
    rules: d.rules,
    shadowRules: d.shadowRules,
    transactionId: d.transactionId ?? null,
    decidedAt: d.decidedAt,
  };
}

/** GetAccountActivity in the console's words; an answer with a verdict it does not know is left out. */
export function toLedgerActivity(a: AccountActivity__Output): LedgerActivity {
  return {
    decisions: a.decisions.map(toTimelineDecision),
    answers: a.answers.flatMap((answer) =>
      isVerdict(answer.verdict)
        ? [
            {
              decisionId: answer.decisionId,
              verdict: answer.verdict,
              answeredAt: answer.answeredAt,
            },
          ]
        : [],
    ),
    disputes: a.disputes.map((d) => ({
      disputeId: d.disputeId,
      status: d.status,
      transactionId: d.transactionId,
      reasonFamily: d.reasonFamily,
      amountMinor: d.amountMinor,
      currency: d.currency,
      occurredAt: d.occurredAt,
    })),
    onlyFlaggedDecisions: a.onlyFlaggedDecisions,
    retentionDays: a.retentionDays,
  };
}
