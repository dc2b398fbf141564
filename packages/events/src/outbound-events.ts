import { z } from 'zod';
import {
  accountId,
  cardBin,
  country,
  eventId,
  isoInstant,
  merchantId,
  money,
  schemaVersion,
} from './primitives.ts';
import { PAYMENT_STATUSES } from './inbound-events.ts';

export const DECISION_OUTCOMES = ['allow', 'challenge', 'review', 'block'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/**
 * Kafka header of a risk.decisions.v1 record carrying its `outcome` (UTF-8), so a consumer that
 * acts on some outcomes only (the case raiser: review and block) passes over the rest without
 * parsing them. Optional: a record without it is read as before.
 */
export const DECISION_OUTCOME_HEADER = 'vigil-outcome';
export const EVENT_TYPES = ['transaction', 'login', 'account_change'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Observed values and thresholds are numbers or short strings (a country, a device id). */
const observedValue = z.union([z.number(), z.string().max(256)]);

export const decisionReason = z.object({
  rule: z.string().min(1).max(128),
  score: z.number().min(0).max(100),
  message: z.string().max(512),
  observed: observedValue.optional(),
  threshold: observedValue.optional(),
});
export type DecisionReason = z.infer<typeof decisionReason>;

/**
 * Additive, optional: what the customer needs to recognise the activity ("was this you?":
 * what, where, which device) without the notifier re-reading the source topics. Consumers that
 * predate it ignore it, as they ignore any unknown field. A follow-up carries the context of the
 * activity it is about: the revisited event (late_event), the account's use of the entity
 * (retro_hunt; merchant name and city cut to 64 characters, none for a use recorded before
 * 2026-12-05).
 */
export const decisionContext = z.object({
  amount: money.optional(),
  merchantName: z.string().max(256).optional(),
  geo: z.object({ country, city: z.string().max(128).optional() }).optional(),
  device: z.object({ platform: z.string().max(64).optional() }).optional(),
});
export type DecisionContext = z.infer<typeof decisionContext>;

export const FOLLOW_UP_KINDS = ['late_event', 'retro_hunt'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const RETRO_ENTITIES = ['ip', 'device', 'card', 'beneficiary'] as const;

/**
 * Additive, optional: present on a follow-up decision, one the engine raises about activity it
 * had already decided when later knowledge changes the verdict. `late_event`: an event that
 * happened earlier arrived after `eventId` was scored, and `eventId` would now be decided more
 * severely. `retro_hunt`: an entity the account used (`eventId` is that activity) became known-bad
 * afterwards (a credential-stuffing IP, a card-testing device, a deny-listed card, a beneficiary
 * collecting from a ring of accounts; `beneficiary` was added 2026-12-05: a consumer that
 * validates the enum strictly must be upgraded before the engine). A follow-up has its own
 * synthetic, deterministic `eventId` and `decisionId` (one decision per eventId still holds),
 * never lowers an earlier outcome, and is raised once per (activity, trigger).
 */
export const decisionFollowUp = z.object({
  kind: z.enum(FOLLOW_UP_KINDS),
  /** The earlier activity revisited: the scored event (late_event) or the account's use of the entity (retro_hunt). */
  eventId,
  /** Its earlier decision (late_event), whose outcome this one raises. */
  decisionId: z.string().min(1).max(128).optional(),
  /** The late event that changed the verdict (late_event). */
  triggerEventId: eventId.optional(),
  /** The rule that found the entity bad (retro_hunt), or `deny-list` when feedback listed it. */
  triggerRule: z.string().min(1).max(128).optional(),
  /** The entity that became known-bad (retro_hunt). */
  entity: z.object({ type: z.enum(RETRO_ENTITIES), value: z.string().min(1).max(256) }).optional(),
  /**
   * In event time, when the knowledge behind it arose: the late event's occurredAt, or when the
   * entity was found bad (for detection reports: a follow-up catches nothing before this).
   */
  triggeredAt: isoInstant.optional(),
});
export type DecisionFollowUp = z.infer<typeof decisionFollowUp>;

export const riskDecision = z.object({
  schemaVersion,
  decisionId: z.string().min(1).max(128),
  eventId,
  eventType: z.enum(EVENT_TYPES),
  accountId,
  occurredAt: isoInstant,
  decidedAt: isoInstant,
  score: z.number().min(0).max(100),
  outcome: z.enum(DECISION_OUTCOMES),
  reasons: z.array(decisionReason),
  shadowReasons: z.array(decisionReason),
  ruleSetVersion: z.string().min(1).max(64),
  subject: z.object({
    transactionId: z.string().max(128).optional(),
    deviceId: z.string().max(256).optional(),
    ip: z.string().max(64).optional(),
    /**
     * Additive, optional, transaction decisions only: the paying card's BIN and the merchant
     * (`card.bin`, `merchant.id` of the event), so consumers can count payment volume per BIN and
     * merchant (case-service's chargeback rates) without re-reading payments.transactions.v1.
     */
    bin: cardBin.optional(),
    merchantId: merchantId.optional(),
    /**
     * Additive, optional, transaction decisions only: the payment's `status` as the event gave it.
     * Chargeback rates divide by approved payments only; a decision without it (older producers)
     * counts as approved.
     */
    paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
  }),
  context: decisionContext.optional(),
  followUp: decisionFollowUp.optional(),
  /**
   * Additive, optional: how many reasons went out without their message, observed and threshold
   * so that the decision fits one Kafka record (only a decision with well over a hundred reasons
   * can need it). Every reason keeps its rule and score, so per-rule counts stay exact.
   */
  reasonDetailsOmitted: z.number().int().positive().optional(),
});
export type RiskDecision = z.infer<typeof riskDecision>;

export const accountCommand = z.object({
  schemaVersion,
  commandId: z.string().min(1).max(128),
  accountId,
  action: z.enum(['lock', 'unlock']),
  reason: z.string().min(1).max(512),
  caseId: z.string().max(128).optional(),
  decisionId: z.string().max(128).optional(),
  issuedAt: isoInstant,
  /** "risk-engine" or the agent id that asked. */
  issuedBy: z.string().min(1).max(128),
  /**
   * A temporary lock (login brute force): it lifts itself at this instant; a later command for
   * the same account and IP with a later expiry extends it. Absent: until an unlock command.
   */
  expiresAt: isoInstant.optional(),
  /** Lock only sign-ins from this IP (Keycloak: account-wide brute-force locks lock out the owner). */
  ip: z.string().max(64).optional(),
});
export type AccountCommand = z.infer<typeof accountCommand>;

export const riskFeedback = z.object({
  schemaVersion,
  feedbackId: z.string().min(1).max(128),
  accountId,
  source: z.enum(['customer_verification', 'case_resolution']),
  verdict: z.enum(['legit', 'fraud']),
  decisionId: z.string().max(128).optional(),
  deviceId: z.string().max(256).optional(),
  occurredAt: isoInstant,
});
export type RiskFeedback = z.infer<typeof riskFeedback>;
