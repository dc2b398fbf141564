import type { DecisionReason, RiskDecision } from '@vigil/events';
import { VigilError } from '@vigil/errors';

/**
 * The most a decision's JSON value may take. Kafka's default `max.message.bytes` (topic) and
 * `message.max.bytes` (broker) is 1,048,588 bytes for a whole record batch; the rest is left to
 * the key, headers and batch overhead. A larger record is refused by the broker and would stall
 * its unit until someone raised the topic's limit, for a decision no limit was chosen for.
 */
export const DECISION_RECORD_BYTES = 1_000_000;

/** Rules a rule set may hold: a decision naming each of them, details left out, still fits. */
export const MAX_RULES = 1_000;

/**
 * Added to a decision after `buildDecision`, at most: its context (merchant name, city, platform)
 * and a follow-up's pointers, every character escaped as `\u00XX` (6 bytes) in the worst case.
 */
export const ADDED_AFTER_BUILD_BYTES = 8_192;

/** Everything of a built decision but its reasons, at most (checked by the tests). */
export const DECISION_FIXED_BYTES = 16_384;

/**
 * One reason at most: rule id (kebab-case, ≤ 128), message ≤ 512, observed and threshold ≤ 256
 * characters each, 6 bytes per escaped character, a number and the field names.
 */
export const REASON_MAX_BYTES = 6_400;

const FIT_BYTES = DECISION_RECORD_BYTES - ADDED_AFTER_BUILD_BYTES;

/** Up to this many reasons a decision fits whatever they say: nothing is measured. */
export const REASONS_ALWAYS_FITTING = Math.floor(
  (FIT_BYTES - DECISION_FIXED_BYTES) / REASON_MAX_BYTES,
);

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

const withoutDetails = (reason: DecisionReason): DecisionReason => ({
  rule: reason.rule,
  score: reason.score,
  message: '',
});

/**
 * The decision as it can go out in one Kafka record. Almost every decision is returned as it is
 * (a count check, no serialisation). One with so many long reasons that it would not fit loses
 * the details (message, observed, threshold) of its least telling reasons — shadow ones first,
 * then the lowest scores, later ones before earlier ones — until it fits; every reason keeps its
 * rule and score (per-rule counts and precision stay exact), and outcome and score are unchanged.
 * Deterministic: a replay builds the same record.
 */
export function fitDecisionToRecord(decision: RiskDecision): RiskDecision {
  const count = decision.reasons.length + decision.shadowReasons.length;
  if (count <= REASONS_ALWAYS_FITTING) return decision;
  let size = bytesOf(decision);
  if (size <= FIT_BYTES) return decision;
  const order = [
    ...decision.shadowReasons.map((reason, index) => ({ shadow: true, index, reason })),
    ...decision.reasons.map((reason, index) => ({ shadow: false, index, reason })),
  ].sort(
    (a, b) =>
      Number(b.shadow) - Number(a.shadow) || a.reason.score - b.reason.score || b.index - a.index,
  );
  const stripped = { reasons: new Set<number>(), shadowReasons: new Set<number>() };
  for (const { shadow, index, reason } of order) {
    if (size <= FIT_BYTES) break;
    size -= bytesOf(reason) - bytesOf(withoutDetails(reason));
    stripped[shadow ? 'shadowReasons' : 'reasons'].add(index);
  }
  if (size > FIT_BYTES)
    throw new VigilError(
      'DECISION_TOO_LARGE',
      `decision ${decision.decisionId} takes ${size} bytes with every reason's details left out (limit ${FIT_BYTES})`,
      { retryable: false },
    );
  const fit = (reasons: readonly DecisionReason[], omit: ReadonlySet<number>) =>
    reasons.map((reason, index) => (omit.has(index) ? withoutDetails(reason) : reason));
  return {
    ...decision,
    reasons: fit(decision.reasons, stripped.reasons),
    shadowReasons: fit(decision.shadowReasons, stripped.shadowReasons),
    reasonDetailsOmitted: stripped.reasons.size + stripped.shadowReasons.size,
  };
}
