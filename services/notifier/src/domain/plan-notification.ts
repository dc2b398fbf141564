import type { AccountCommand, RiskFeedback } from '@vigil/events';
import type { NotifierDecision } from './decision-context.ts';
import type { NotificationIntent } from './notification.ts';

/** The notifier's inputs, tagged by source so one consumer group reads every topic. */
export type IntakeRecord =
  | { source: 'decision'; decision: NotifierDecision }
  | { source: 'feedback'; feedback: RiskFeedback }
  | { source: 'command'; command: AccountCommand };

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
  switch (record.source) {
    case 'decision':
      return planFromDecision(record.decision);
    case 'feedback':
      return planFromFeedback(record.feedback);
    case 'command':
      return planFromCommand(record.command);
  }
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
 * An account unlocked by an agent (UnlockAccount, or a false-positive resolution) gives the
 * customer their access back: "access restored", which also closes the incident. A false-positive
 * resolution also emits legit feedback naming the same decision: both plan the notice under that
 * decision's id, and a cause is recorded once per (id, kind), so the customer is told once. Lock
 * commands, and anything the risk engine issues, tell the customer nothing here (the lock notice
 * comes from the block decision).
 */
export function planFromCommand(command: AccountCommand): NotificationIntent | undefined {
  if (command.action !== 'unlock' || command.issuedBy === 'risk-engine') return undefined;
  return {
    decisionId: command.decisionId ?? `unlock:${command.commandId}`,
    kind: 'access_restored',
    accountId: command.accountId,
    decidedAt: command.issuedAt,
    facts: { occurredAt: command.issuedAt },
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
