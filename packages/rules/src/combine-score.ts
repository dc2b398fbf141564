import type { DecisionOutcome } from '@vigil/events';
import type { Combination, RuleSet } from './rule-set.ts';

/**
 * noisy_or: 100·(1 − Π(1 − sᵢ/100)) — independent pieces of evidence reinforce each other but
 * never exceed 100, and one strong hit dominates many weak ones (two 50s give 75, not 100).
 * capped_sum: min(100, Σ sᵢ) — simpler to explain, saturates quickly.
 */
export function combineScores(scores: readonly number[], combination: Combination): number {
  const clamped = scores.map((s) => Math.min(100, Math.max(0, s)));
  const raw =
    combination === 'noisy_or'
      ? 100 * (1 - clamped.reduce((keep, s) => keep * (1 - s / 100), 1))
      : Math.min(
          100,
          clamped.reduce((sum, s) => sum + s, 0),
        );
  return Math.round(raw * 100) / 100;
}

const RANK: Record<DecisionOutcome, number> = { allow: 0, challenge: 1, review: 2, block: 3 };

export function moreSevere(a: DecisionOutcome, b: DecisionOutcome): DecisionOutcome {
  return RANK[b] > RANK[a] ? b : a;
}

export function outcomeForScore(score: number, cutoffs: RuleSet['cutoffs']): DecisionOutcome {
  if (score >= cutoffs.block) return 'block';
  if (score >= cutoffs.review) return 'review';
  if (score >= cutoffs.challenge) return 'challenge';
  return 'allow';
}
