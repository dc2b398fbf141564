import type { RiskFeedback } from '@vigil/events';
import type { NotifierDecision } from './decision-context.ts';
import type { NotificationIntent } from './notification.ts';

/** The notifier's two inputs, tagged by source so one consumer group reads both topics. */
export type IntakeRecord =
  | { source: 'decision'; decision: NotifierDecision }
  | { source: 'feedback'; feedback: RiskFeedback };

/** The customer's answer to a verification request, read back from risk.feedback.v1. */
export interface CustomerAnswer {
  accountId: string;
  /** The decision the answered notice was created for. */
  decisionId: string;
  verdict: 'legit' | 'fraud';
}

/** What one consumed record means for the notices: a notice to give, or an answer that changes its incident. */
export type IntakeItem =
  { type: 'notice'; intent: NotificationIntent } | { type: 'answer'; answer: CustomerAnswer };

/** The notice an input needs, or undefined when it needs none. */
export function planNotice(record: IntakeRecord): NotificationIntent | undefined {
  return record.source === 'decision'
    ? planFromDecision(record.decision)
    : planFromFeedback(record.feedback);
}

/**
 * Everything a record means to the intake: a notice, or (for the notifier's own
 * customer_verification feedback) the answer that settles or locks the incident it was about.
 */
export function planIntakeItem(record: IntakeRecord): IntakeItem | undefined {
  const intent = planNotice(record);
  if (intent !== undefined) return { type: 'notice', intent };
  if (record.source !== 'feedback') return undefined;
  const { feedback } = record;
  if (feedback.source !== 'customer_verification' || feedback.decisionId === undefined)
    return undefined;
  return {
    type: 'answer',
    answer: {
      accountId: feedback.accountId,
      decisionId: feedback.decisionId,
      verdict: feedback.verdict,
    },
  };
}

/**
 * challenge → "was this you?"; block → lock notice; allow and review tell the customer nothing
 * (review is for agents; telling a fraudster they are under review helps them).
 */
export function planFromDecision(decision: NotifierDecision): NotificationIntent | undefined {
  const kind =
    decision.outcome === 'challenge'
      ? 'verification_request'
      : decision.outcome === 'block'
        ? 'lock_notice'
        : undefined;
  if (kind === undefined) return undefined;
  const { context, ...plain } = decision;
  return {
    decisionId: decision.decisionId,
    kind,
    accountId: decision.accountId,
    decidedAt: decision.decidedAt,
    facts: {
      eventType: decision.eventType,
      occurredAt: decision.occurredAt,
      amount: context?.amount,
      merchantName: context?.merchantName,
      city: context?.geo?.city,
      country: context?.geo?.country,
      deviceId: decision.subject.deviceId,
      devicePlatform: context?.device?.platform,
      ip: decision.subject.ip,
    },
    decision: plain,
  };
}

/**
 * A case resolved as false positive is emitted by case-service as legit feedback with source
 * case_resolution: that (not the unlock command, which would notify a second time) is what tells
 * the customer their access is restored. Customer answers (source customer_verification) come
 * from us and notify nobody.
 */
export function planFromFeedback(feedback: RiskFeedback): NotificationIntent | undefined {
  if (feedback.source !== 'case_resolution' || feedback.verdict !== 'legit') return undefined;
  return {
    decisionId: feedback.decisionId ?? `feedback:${feedback.feedbackId}`,
    kind: 'access_restored',
    accountId: feedback.accountId,
    decidedAt: feedback.occurredAt,
    facts: { occurredAt: feedback.occurredAt, deviceId: feedback.deviceId },
  };
}
