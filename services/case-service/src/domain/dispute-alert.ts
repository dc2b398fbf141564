import type { DisputeEvent } from '@vigil/events';
import type { RaiseCaseCommand } from './commands.ts';
import type { EvidenceTarget } from './labels.ts';

/** The reason a fraud dispute's alert carries, so agents (and filters) tell it from a rule hit. */
export const DISPUTE_FRAUD_REASON = 'dispute_fraud';

/** Prefix of the alert key: RaiseCase is idempotent on it, so one alert per dispute, ever. */
export const DISPUTE_ALERT_PREFIX = 'dispute:';

// A fraud chargeback is a loss already taken: the case is high severity (severityFor: ≥ 70).
const DISPUTE_ALERT_SCORE = 75;

/**
 * The alert a fraud dispute files on the account's open case (or a new one): an opened or lost
 * fraud dispute puts the account in front of an agent; a won one (first seen already won) does
 * not. Keyed by disputeId, so the dispute's later status changes never add a second alert.
 */
export function disputeAlert(dispute: DisputeEvent, now: Date): RaiseCaseCommand | undefined {
  if (dispute.reasonFamily !== 'fraud' || dispute.status === 'won') return undefined;
  const { minor, currency } = dispute.amount;
  return {
    decisionId: `${DISPUTE_ALERT_PREFIX}${dispute.disputeId}`,
    eventId: dispute.disputeId,
    eventType: 'transaction',
    accountId: dispute.accountId,
    score: DISPUTE_ALERT_SCORE,
    outcome: 'review',
    reasons: [
      {
        rule: DISPUTE_FRAUD_REASON,
        score: DISPUTE_ALERT_SCORE,
        message: `fraud dispute ${dispute.status} on transaction ${dispute.transactionId}`,
        observed: `${minor} ${currency}`,
      },
    ],
    occurredAt: dispute.occurredAt,
    decidedAt: now.toISOString(),
    subject: { transactionId: dispute.transactionId },
  };
}

/**
 * What an alert on a case is about, for the labels a resolution writes: the decision it files,
 * or for a dispute's alert the disputed payment (every decision about it).
 */
export function alertLabelTarget(alert: {
  decisionId: string;
  transactionId: string | undefined;
}): EvidenceTarget | undefined {
  if (!alert.decisionId.startsWith(DISPUTE_ALERT_PREFIX)) return { decisionId: alert.decisionId };
  return alert.transactionId ? { transactionId: alert.transactionId } : undefined;
}
