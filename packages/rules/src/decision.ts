import type { RiskDecision, ScoredEvent } from '@vigil/events';
import type { Evaluation } from './evaluate.ts';
import { fitDecisionToRecord } from './decision-size.ts';
import { hashText } from './feature-keys.ts';

const MAX_ID = 128;

/**
 * Decision id derived from the event id: a replayed event can only ever produce the same
 * decision id. Event ids near the 128-character limit keep a prefix plus a hash of the whole id,
 * so two long ids that share their first 124 characters still get distinct decisions.
 */
export function decisionIdFor(eventId: string): string {
  const plain = `dec-${eventId}`;
  if (plain.length <= MAX_ID) return plain;
  const hash = hashText(eventId);
  return `${plain.slice(0, MAX_ID - hash.length - 1)}~${hash}`;
}

/** The risk.decisions.v1 record for an evaluated event, sized to fit one Kafka record. */
export function buildDecision(scored: ScoredEvent, evaluation: Evaluation): RiskDecision {
  const { event } = scored;
  const subject: RiskDecision['subject'] = {};
  if (scored.kind === 'transaction') {
    subject.transactionId = scored.event.transactionId;
    // Payment volume per BIN and merchant (chargeback rates) is counted from decisions.
    if (scored.event.card?.bin) subject.bin = scored.event.card.bin;
    if (scored.event.merchant) subject.merchantId = scored.event.merchant.id;
    // Declined payments stay out of the rate's denominator.
    subject.paymentStatus = scored.event.status;
  }
  if (event.device) subject.deviceId = event.device.id;
  if (event.ip) subject.ip = event.ip;
  return fitDecisionToRecord({
    schemaVersion: 1,
    decisionId: decisionIdFor(event.eventId),
    eventId: event.eventId,
    eventType: scored.kind,
    accountId: event.accountId,
    occurredAt: event.occurredAt,
    decidedAt: new Date(evaluation.evaluatedAt).toISOString(),
    score: evaluation.score,
    outcome: evaluation.outcome,
    reasons: evaluation.reasons,
    shadowReasons: evaluation.shadowReasons,
    ruleSetVersion: evaluation.ruleSetVersion,
    subject,
  });
}
