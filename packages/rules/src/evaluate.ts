import { VigilError } from '@vigil/errors';
import type { DecisionOutcome, DecisionReason, ScoredEvent } from '@vigil/events';
import { combineScores, moreSevere, outcomeForScore } from './combine-score.ts';
import { planFeatures, ruleContext, type RulePlan } from './feature-plan.ts';
import { FeatureReader, type FeatureValue, type FeatureValues } from './feature-values.ts';
import type { RuleContext, RuleHit, TemporaryLock } from './rule.ts';
import type { ConfiguredRule, RuleSet } from './rule-set.ts';

export interface Evaluation {
  score: number;
  outcome: DecisionOutcome;
  reasons: DecisionReason[];
  shadowReasons: DecisionReason[];
  ruleSetVersion: string;
  /** Enforced rules that forced the outcome (e.g. deny-list → block). */
  forcedBy: string[];
  /** Temporary locks asked for by enforced rules (login brute force). */
  temporaryLocks: TemporaryLock[];
  /** Epoch ms the evaluation ran (the decision's decidedAt). */
  evaluatedAt: number;
}

function toReason(rule: string, score: number, hit: RuleHit): DecisionReason {
  const reason: DecisionReason = { rule, score, message: hit.message.slice(0, 512) };
  if (hit.observed !== undefined)
    reason.observed = typeof hit.observed === 'string' ? hit.observed.slice(0, 256) : hit.observed;
  if (hit.threshold !== undefined)
    reason.threshold =
      typeof hit.threshold === 'string' ? hit.threshold.slice(0, 256) : hit.threshold;
  return reason;
}

function lookup(features: FeatureValues, id: string, rule: string): FeatureValue {
  const value = features.get(id);
  // Requests come from the same rule set; a gap means the set changed mid-batch or the store broke its contract.
  if (value === undefined) {
    throw new VigilError(
      'FEATURE_MISSING',
      `feature ${id} needed by rule ${rule} was not computed`,
      { retryable: true },
    );
  }
  return value;
}

/**
 * Scores one event from its computed features. Pure: same event, features and rule set give
 * the same evaluation. Enforced hits make the score; shadow hits are only reported; a forced
 * outcome raises the outcome to at least that level.
 */
export function evaluate(
  scored: ScoredEvent,
  features: FeatureValues,
  ruleSet: RuleSet,
  now: number,
  /** The plans `requiredFeatures` was given, when the caller kept them (saves planning twice). */
  plans: readonly RulePlan[] = planFeatures(ruleSet, scored),
  /** The context the plans were made in (planEvent keeps it), else computed again. */
  ctx: RuleContext = ruleContext(ruleSet, scored),
): Evaluation {
  // Only the rules that fired: evaluationOf skips the others, and most rules do not fire.
  const hits: { configured: ConfiguredRule; hit: RuleHit }[] = [];
  for (const plan of plans) {
    const hit = ruleHit(plan, features, scored, ctx);
    if (hit) hits.push({ configured: plan.configured, hit });
  }
  return evaluationOf(ruleSet, hits, now);
}

/**
 * One rule's verdict on one event from its plan and the computed features: null when it does
 * not fire or the event is exempt (an allow-listed entity). Depends on the rule's definition,
 * the event and the features only, not on the rule set around it or the rule's mode.
 */
export function ruleHit(
  plan: RulePlan,
  features: FeatureValues,
  scored: ScoredEvent,
  ctx: RuleContext,
): RuleHit | null {
  const { configured } = plan;
  for (const request of plan.exemptions) {
    const value = lookup(features, request.id, configured.id);
    if (value.kind === 'listed' && value.listed) return null;
  }
  // Most rules need no feature for a given event (another kind, a filter it fails): one reader
  // of nothing serves them all, instead of a reader and an array per rule of every event.
  if (plan.features.length === 0) return configured.rule.evaluate(scored, NO_FEATURES, ctx);
  const values = plan.features.map(({ request }) => lookup(features, request.id, configured.id));
  return configured.rule.evaluate(scored, new FeatureReader(plan.features, values), ctx);
}

const NO_FEATURES = new FeatureReader([], []);

/**
 * The evaluation the hits of a rule set's active rules give, in the set's rule order (the
 * order of the decision's reasons): each hit counts as its rule's mode says.
 */
export function evaluationOf(
  ruleSet: RuleSet,
  hits: readonly { configured: ConfiguredRule; hit: RuleHit | null }[],
  now: number,
): Evaluation {
  const reasons: DecisionReason[] = [];
  const shadowReasons: DecisionReason[] = [];
  const forcedBy: string[] = [];
  const temporaryLocks: TemporaryLock[] = [];
  let forced: DecisionOutcome = 'allow';
  for (const { configured, hit } of hits) {
    if (!hit) continue;
    const reason = toReason(
      configured.id,
      Math.min(100, Math.max(0, hit.score ?? configured.score)),
      hit,
    );
    if (configured.mode === 'shadow') {
      shadowReasons.push(reason);
      continue;
    }
    reasons.push(reason);
    if (hit.forcedOutcome) {
      forced = moreSevere(forced, hit.forcedOutcome);
      forcedBy.push(configured.id);
    }
    if (hit.temporaryLock) temporaryLocks.push({ rule: configured.id, ...hit.temporaryLock });
  }
  const score = combineScores(
    reasons.map((r) => r.score),
    ruleSet.combination,
  );
  const outcome = moreSevere(outcomeForScore(score, ruleSet.cutoffs), forced);
  return {
    score,
    outcome,
    reasons,
    shadowReasons,
    ruleSetVersion: ruleSet.version,
    forcedBy,
    temporaryLocks,
    evaluatedAt: now,
  };
}
