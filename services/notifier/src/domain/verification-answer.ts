import type { AccountCommand, RiskFeedback } from '@vigil/events';

export const VERIFICATION_ANSWERS = ['yes', 'no'] as const;
export type VerificationAnswer = (typeof VERIFICATION_ANSWERS)[number];

/** DESIGN's issuedBy is "risk-engine | agent id"; the customer's own "no" is neither, so it says so. */
export const CUSTOMER_ISSUER = 'customer-verification';

/** The verification request the answer is about, as the outbox stored it. */
export interface AnsweredRequest {
  notificationId: string;
  decisionId: string;
  accountId: string;
  deviceId: string | undefined;
}

export interface AnswerEffects {
  feedback: RiskFeedback;
  /** Only for "no": the owning service locks the account. */
  lockCommand: AccountCommand | undefined;
}

/**
 * "Yes, it was me" → legit feedback naming the device (the risk engine trusts it for this
 * account). "No" → fraud feedback (device/card/IP onto deny lists, and case-service raises a case
 * from confirmed fraud) plus a lock command. Ids derive from the notification so answering twice
 * or retrying a publish can only ever produce the same records.
 */
export function planAnswerEffects(
  request: AnsweredRequest,
  answer: VerificationAnswer,
  answeredAt: string,
): AnswerEffects {
  const feedback: RiskFeedback = {
    schemaVersion: 1,
    feedbackId: `fb-verify-${request.notificationId}`,
    accountId: request.accountId,
    source: 'customer_verification',
    verdict: answer === 'yes' ? 'legit' : 'fraud',
    decisionId: request.decisionId,
    deviceId: request.deviceId,
    occurredAt: answeredAt,
  };
  if (answer === 'yes') return { feedback, lockCommand: undefined };
  return {
    feedback,
    lockCommand: {
      schemaVersion: 1,
      commandId: `cmd-lock-verify-${request.notificationId}`,
      accountId: request.accountId,
      action: 'lock',
      reason: `customer answered "not me" to verification of decision ${request.decisionId}`.slice(0, 512),
      decisionId: request.decisionId,
      issuedAt: answeredAt,
      issuedBy: CUSTOMER_ISSUER,
    },
  };
}
