import type { DecisionReason, RiskDecision } from '@vigil/events';

/*
 * The largest decisions the decision contract allows, for tests of the record size bound (unit
 * tests here, the real broker's limit in the engine's integration test).
 */

// A control character is the worst case: JSON writes it as \u0001, 6 bytes for 1 character.
const worst = (length: number) => '\u0001'.repeat(length);
// Account and event ids refuse control characters; a lone surrogate is written as \ud800 too.
const worstId = (length: number) => '\ud800'.repeat(length);
const AT = '2026-12-03T05:00:00.000Z';

export const worstReason = (index: number, score: number): DecisionReason => ({
  rule: `r${String(index).padStart(4, '0')}-${'x'.repeat(122)}`,
  score,
  message: worst(512),
  observed: worst(256),
  threshold: worst(256),
});

/** What buildDecision can produce at its largest, before any reason. */
export const worstBuilt = (
  reasons: DecisionReason[],
  shadowReasons: DecisionReason[],
): RiskDecision => ({
  schemaVersion: 1,
  decisionId: worst(128),
  eventId: worstId(128),
  eventType: 'transaction',
  accountId: worstId(128),
  occurredAt: AT,
  decidedAt: AT,
  score: 0.30000000000000004,
  outcome: 'block',
  reasons,
  shadowReasons,
  ruleSetVersion: worst(64),
  subject: {
    transactionId: worst(128),
    deviceId: worst(256),
    ip: 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255',
    bin: '12345678',
    merchantId: worst(128),
    paymentStatus: 'approved',
  },
});

/** What the engine adds afterwards at most: the context, and a follow-up's pointers. */
export const withWorstAdditions = (decision: RiskDecision): RiskDecision => ({
  ...decision,
  context: {
    amount: { minor: Number.MAX_SAFE_INTEGER, currency: 'JPY' },
    merchantName: worst(256),
    geo: { country: 'JP', city: worst(128) },
    device: { platform: worst(64) },
  },
  followUp: {
    kind: 'late_event',
    eventId: worstId(128),
    decisionId: worst(128),
    triggerEventId: worstId(128),
    triggerRule: worst(128),
    entity: { type: 'device', value: worst(256) },
    triggeredAt: AT,
  },
});

/** `count` worst-case reasons, every third one shadow, scores cycling 1..97. */
export function worstDecision(count: number) {
  const reasons: DecisionReason[] = [];
  const shadowReasons: DecisionReason[] = [];
  for (let i = 0; i < count; i += 1)
    (i % 3 === 0 ? shadowReasons : reasons).push(worstReason(i, 1 + ((i * 37) % 97)));
  return worstBuilt(reasons, shadowReasons);
}
