import type {
  DecisionOutcome,
  DecisionReason,
  FollowUpKind,
  RiskDecision,
  ScoredEvent,
} from '@vigil/events';
import { buildDecision, decisionIdFor } from '../decision.ts';
import type { Evaluation } from '../evaluate.ts';
import { hashText } from '../feature-keys.ts';

/**
 * The synthetic event id of a follow-up: deterministic in what it is about, so a retried batch
 * derives the same id (and decision id) and exactly-once publication holds; distinct from every
 * upstream event id, so "one decision per eventId" still holds.
 */
export function followUpEventId(kind: FollowUpKind, parts: readonly string[]): string {
  return `fu-${kind === 'late_event' ? 'late' : 'retro'}-${hashText(parts.join('\u001f'))}`;
}

/**
 * A late event changed what an earlier-scored event of the account should have been decided:
 * the earlier event re-evaluated (with the late one now in its windows) as a decision of its own
 * that points back at the original.
 */
export function lateEventFollowUp(input: {
  revisited: ScoredEvent;
  evaluation: Evaluation;
  /** The decision the revisited event got (its id even when it was allow). */
  previousDecisionId: string;
  trigger: ScoredEvent;
}): RiskDecision {
  const revisitedId = input.revisited.event.eventId;
  const triggerId = input.trigger.event.eventId;
  const eventId = followUpEventId('late_event', [revisitedId, triggerId]);
  return {
    ...buildDecision(input.revisited, input.evaluation),
    eventId,
    decisionId: decisionIdFor(eventId),
    followUp: {
      kind: 'late_event',
      eventId: revisitedId,
      decisionId: input.previousDecisionId,
      triggerEventId: triggerId,
      triggeredAt: input.trigger.event.occurredAt,
    },
  };
}

import type { RetroEntity } from '../retro-hunt-config.ts';
import type { EntityUseRecord, TouchKind } from './event-memory.ts';

export interface RetroTrigger {
  /** The rule that found the entity bad, or `deny-list` when feedback listed it. */
  rule: string;
  entity: { type: RetroEntity; value: string };
  /** When it was found bad (event time of the decision that fired, or the feedback's). */
  at: number;
  /** What was found, in plain words (the triggering reason's message). */
  finding: string;
}

export interface RetroPolicy {
  /** Outcome and score for an account that only used the entity. */
  touched: { outcome: DecisionOutcome; score: number };
  /** For an account that signed in successfully from it (the attacker may be in). */
  signedIn: { outcome: DecisionOutcome; score: number };
  ruleSetVersion: string;
}

const ENTITY_WORDS: Record<RetroEntity, string> = {
  ip: 'IP address',
  device: 'device',
  card: 'card',
  beneficiary: 'beneficiary',
};
const SIGN_IN_WORDS: Record<Exclude<TouchKind, 'transaction'>, string> = {
  login_success: 'signed in from',
  login_failure: 'had a failed sign-in from',
};
/** "paid with card …", but "paid beneficiary …": a beneficiary is who was paid, not how. */
const PAYMENT_WORDS: Record<RetroEntity, string> = {
  ip: 'paid with',
  device: 'paid with',
  card: 'paid with',
  beneficiary: 'paid',
};
const touchWords = (kind: TouchKind, entity: RetroEntity) =>
  kind === 'transaction' ? PAYMENT_WORDS[entity] : SIGN_IN_WORDS[kind];

/**
 * Retro-hunt: an entity the account used turned out to be bad afterwards (a credential-stuffing
 * IP, a card-testing device, a card confirmed as fraud, a beneficiary a ring of accounts paid).
 * The account gets a decision about that use — challenge, or review when a sign-in from it
 * succeeded — so victims of a low-and-slow attack caught only later are not left alone. One per
 * (account, entity, rule).
 */
export function retroHuntFollowUp(
  touch: EntityUseRecord,
  trigger: RetroTrigger,
  policy: RetroPolicy,
  decidedAt: number,
): RiskDecision {
  const { outcome, score } = touch.kind === 'login_success' ? policy.signedIn : policy.touched;
  const eventId = followUpEventId('retro_hunt', [
    touch.accountId,
    trigger.entity.type,
    trigger.entity.value,
    trigger.rule,
  ]);
  const reason: DecisionReason = {
    rule: trigger.rule,
    score,
    message:
      `this account ${touchWords(touch.kind, trigger.entity.type)} ${ENTITY_WORDS[trigger.entity.type]} ${trigger.entity.value} ` +
      `at ${new Date(touch.at).toISOString()}; it was found bad at ${new Date(trigger.at).toISOString()}: ${trigger.finding}`,
    observed: trigger.entity.value,
  };
  const subject: RiskDecision['subject'] = {};
  if (trigger.entity.type === 'ip') subject.ip = trigger.entity.value;
  if (trigger.entity.type === 'device') subject.deviceId = trigger.entity.value;
  return {
    schemaVersion: 1,
    decisionId: decisionIdFor(eventId),
    eventId,
    eventType: touch.kind === 'transaction' ? 'transaction' : 'login',
    accountId: touch.accountId,
    occurredAt: new Date(touch.at).toISOString(),
    decidedAt: new Date(decidedAt).toISOString(),
    score,
    outcome,
    reasons: [{ ...reason, message: reason.message.slice(0, 512) }],
    shadowReasons: [],
    ruleSetVersion: policy.ruleSetVersion,
    subject,
    // The swept activity itself, so a "was this you?" can say which payment or sign-in it means.
    ...(touch.context ? { context: touch.context } : {}),
    followUp: {
      kind: 'retro_hunt',
      eventId: touch.eventId,
      triggerRule: trigger.rule,
      entity: trigger.entity,
      triggeredAt: new Date(trigger.at).toISOString(),
    },
  };
}
