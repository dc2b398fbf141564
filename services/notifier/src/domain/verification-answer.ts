import type { AccountCommand, RiskFeedback } from '@vigil/events';

/**
 * 16 hex digits of FNV-1a over the decision id, twice (64 bits): keeps a feedback id per (request,
 * decision) short and the same on every retry, whatever else the request covers by then.
 */
function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 ^ 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

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
  /**
   * The incident's other decisions the request spoke for (listed in it, or covered by it once it
   * was sent): the answer is about them too.
   */
  alsoCovers: readonly string[];
}

export interface AnswerEffects {
  /** The request's own decision first (with its device), then one per other decision covered. */
  feedback: RiskFeedback[];
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
  const verdict = answer === 'yes' ? 'legit' : 'fraud';
  const feedback: RiskFeedback[] = [
    {
      schemaVersion: 1,
      feedbackId: `fb-verify-${request.notificationId}`,
      accountId: request.accountId,
      source: 'customer_verification',
      verdict,
      decisionId: request.decisionId,
      deviceId: request.deviceId,
      occurredAt: answeredAt,
    },
    // The risk engine finds each decision's device, card and IP from its decisionId.
    ...request.alsoCovers
      .filter((decisionId) => decisionId !== request.decisionId)
      .map((decisionId): RiskFeedback => ({
        schemaVersion: 1,
        feedbackId: `fb-verify-${request.notificationId}-${digest(decisionId)}`,
        accountId: request.accountId,
        source: 'customer_verification',
        verdict,
        decisionId,
        occurredAt: answeredAt,
      })),
  ];
  if (answer === 'yes') return { feedback, lockCommand: undefined };
  return {
    feedback,
    lockCommand: {
      schemaVersion: 1,
      commandId: `cmd-lock-verify-${request.notificationId}`,
      accountId: request.accountId,
      action: 'lock',
      reason: `customer answered "not me" to verification of decision ${request.decisionId}`.slice(
        0,
        512,
      ),
      decisionId: request.decisionId,
      issuedAt: answeredAt,
      issuedBy: CUSTOMER_ISSUER,
    },
  };
}
