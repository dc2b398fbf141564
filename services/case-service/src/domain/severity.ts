import type { DecisionOutcome } from '@vigil/events';
import { SEVERITY_RANK, type Severity } from './case-model.ts';

// Score cut-offs on the 0–100 decision score. A block is never below high (DESIGN.md: "case
// raised (high severity)"); a near-certain block is critical so it tops the most-severe view.
const CRITICAL_BLOCK_SCORE = 90;
const HIGH_SCORE = 70;
const MEDIUM_SCORE = 40;

export function severityFor(score: number, outcome: DecisionOutcome): Severity {
  if (outcome === 'block') return score >= CRITICAL_BLOCK_SCORE ? 'critical' : 'high';
  if (score >= HIGH_SCORE) return 'high';
  if (score >= MEDIUM_SCORE) return 'medium';
  return 'low';
}

/** A case is as severe as its worst alert. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}
