import { describe, expect, it } from 'vitest';
import { riskDecision, type DecisionReason, type RiskDecision } from '@vigil/events';
import { isVigilError } from '@vigil/errors';
import {
  ADDED_AFTER_BUILD_BYTES,
  DECISION_FIXED_BYTES,
  DECISION_RECORD_BYTES,
  MAX_RULES,
  REASON_MAX_BYTES,
  REASONS_ALWAYS_FITTING,
  fitDecisionToRecord,
} from './decision-size.ts';
import {
  withWorstAdditions,
  worstBuilt,
  worstDecision,
  worstReason,
} from './decision-worst-case.ts';

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('fitDecisionToRecord', () => {
  it('has bounds that hold for the largest values the decision contract allows', () => {
    const bare = worstBuilt([], []);
    expect(riskDecision.parse(withWorstAdditions(bare))).toBeDefined();
    expect(bytesOf(bare)).toBeLessThanOrEqual(DECISION_FIXED_BYTES);
    expect(bytesOf(withWorstAdditions(bare)) - bytesOf(bare)).toBeLessThanOrEqual(
      ADDED_AFTER_BUILD_BYTES,
    );
    // One reason in the array: its bytes plus the comma.
    const one = worstBuilt([worstReason(1, 99.99999999999999)], []);
    expect(bytesOf(one) - bytesOf(bare) + 1).toBeLessThanOrEqual(REASON_MAX_BYTES);
    expect(REASONS_ALWAYS_FITTING).toBeGreaterThanOrEqual(100);
  });

  it('returns a decision with up to REASONS_ALWAYS_FITTING reasons as it is, and that fits', () => {
    const decision = worstDecision(REASONS_ALWAYS_FITTING);
    expect(fitDecisionToRecord(decision)).toBe(decision);
    expect(bytesOf(withWorstAdditions(decision))).toBeLessThanOrEqual(DECISION_RECORD_BYTES);
  });

  it('returns a decision with many short reasons as it is (measured, fits)', () => {
    const reasons = Array.from({ length: 400 }, (_, i) => ({
      rule: `rule-${i}`,
      score: 10,
      message: 'amount above the account limit',
      observed: 12,
    }));
    const decision = worstBuilt(reasons, []);
    expect(fitDecisionToRecord(decision)).toEqual(decision);
    expect(fitDecisionToRecord(decision).reasonDetailsOmitted).toBeUndefined();
  });

  it('fits a decision naming MAX_RULES worst-case reasons: details of the least telling go, every rule and score stays', () => {
    const decision = worstDecision(MAX_RULES);
    expect(bytesOf(decision)).toBeGreaterThan(DECISION_RECORD_BYTES * 5);
    const fit = fitDecisionToRecord(decision);

    expect(riskDecision.parse(fit)).toEqual(fit);
    expect(bytesOf(withWorstAdditions(fit))).toBeLessThanOrEqual(DECISION_RECORD_BYTES);
    const rulesAndScores = (d: RiskDecision) =>
      [d.reasons, d.shadowReasons].map((list) => list.map((r) => [r.rule, r.score]));
    expect(rulesAndScores(fit)).toEqual(rulesAndScores(decision));
    expect([fit.score, fit.outcome]).toEqual([decision.score, decision.outcome]);

    const detailed = (r: DecisionReason) => r.message !== '';
    const omitted = [...fit.reasons, ...fit.shadowReasons].filter((r) => !detailed(r)).length;
    expect(fit.reasonDetailsOmitted).toBe(omitted);
    // Shadow reasons lose their details before any enforced one does…
    expect(fit.shadowReasons.filter(detailed)).toEqual([]);
    // …then the lowest scores: every enforced reason kept whole scores at least as high as any
    // stripped one, and kept whole it is exactly as built.
    const kept = fit.reasons.filter(detailed);
    const stripped = fit.reasons.filter((r) => !detailed(r));
    expect(kept.length).toBeGreaterThan(0);
    expect(Math.min(...kept.map((r) => r.score))).toBeGreaterThanOrEqual(
      Math.max(...stripped.map((r) => r.score)),
    );
    for (const reason of kept) expect(decision.reasons).toContainEqual(reason);
    // Only as much as needed: one more reason kept whole would not have fitted.
    expect(bytesOf(fit)).toBeGreaterThan(
      DECISION_RECORD_BYTES - ADDED_AFTER_BUILD_BYTES - REASON_MAX_BYTES,
    );
  });

  it('is deterministic: the same decision gives the same record', () => {
    const decision = worstDecision(600);
    expect(JSON.stringify(fitDecisionToRecord(decision))).toBe(
      JSON.stringify(fitDecisionToRecord(structuredClone(decision))),
    );
  });

  it('refuses, as a non-retryable error, a decision that cannot fit even without details', () => {
    const reasons = Array.from({ length: 10_000 }, (_, i) => ({
      ...worstReason(i, 50),
      rule: `r${i}-${'y'.repeat(120)}`,
    }));
    let caught: unknown;
    try {
      fitDecisionToRecord(worstBuilt(reasons, []));
    } catch (error) {
      caught = error;
    }
    expect(isVigilError(caught) && [caught.code, caught.retryable]).toEqual([
      'DECISION_TOO_LARGE',
      false,
    ]);
  });
});
