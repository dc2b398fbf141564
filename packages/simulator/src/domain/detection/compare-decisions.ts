import type { DecisionOutcome, FollowUpKind, RiskDecision } from '@vigil/events';
import { effectiveOutcomes } from './effective-outcomes.ts';

/** What the comparison reads of a decision; decidedAt, decisionId and the rest never count. */
export type ComparableDecision = Pick<RiskDecision, 'eventId' | 'outcome' | 'score'> & {
  accountId?: string;
  reasons: readonly { rule: string }[];
  shadowReasons: readonly { rule: string }[];
  followUp?: { kind: FollowUpKind; eventId: string };
};

/** The compared fields of one decision: rule ids sorted, so reason order never counts. */
export interface DecisionFacts {
  outcome: DecisionOutcome;
  score: number;
  rules: string[];
  shadowRules: string[];
  /** Follow-ups: their kind and the event they revisit. */
  followUp?: { kind: FollowUpKind; eventId: string };
}

export type DecisionField = 'outcome' | 'score' | 'rules' | 'shadowRules' | 'followUp';

export interface DecisionDifference {
  eventId: string;
  accountId?: string;
  fields: DecisionField[];
  a: DecisionFacts;
  b: DecisionFacts;
}

/** One side-by-side of decisions keyed by eventId. */
export interface DecisionSetDiff {
  /** eventIds decided on both sides. */
  compared: number;
  identical: number;
  onlyInA: string[];
  onlyInB: string[];
  differing: DecisionDifference[];
}

export interface EffectiveDifference {
  eventId: string;
  a: DecisionOutcome | null;
  b: DecisionOutcome | null;
}

export interface DecisionComparison {
  /** Decisions about scored events (no follow-up field), first per eventId. */
  decisions: DecisionSetDiff;
  /** Follow-up decisions, by their own (synthetic, deterministic) eventId. */
  followUps: DecisionSetDiff;
  /** Per scored event: the most severe of its decision and its follow-ups (null: no decision on that side). */
  effective: { compared: number; identical: number; differing: EffectiveDifference[] };
  /** Repeated eventIds within each side (the first counts). */
  duplicates: { a: number; b: number };
  /** Nothing missing, nothing differing, no duplicates. */
  equal: boolean;
}

export interface CompareOptions {
  /** Scores within this distance are equal (default 0: exact). */
  scoreTolerance?: number;
}

function facts(d: ComparableDecision): DecisionFacts {
  const ids = (reasons: readonly { rule: string }[]) => [...new Set(reasons.map((r) => r.rule))].sort();
  return { outcome: d.outcome, score: d.score, rules: ids(d.reasons), shadowRules: ids(d.shadowReasons), ...(d.followUp ? { followUp: { kind: d.followUp.kind, eventId: d.followUp.eventId } } : {}) };
}

function differences(a: DecisionFacts, b: DecisionFacts, tolerance: number): DecisionField[] {
  const fields: DecisionField[] = [];
  if (a.outcome !== b.outcome) fields.push('outcome');
  if (Math.abs(a.score - b.score) > tolerance) fields.push('score');
  if (a.rules.join(',') !== b.rules.join(',')) fields.push('rules');
  if (a.shadowRules.join(',') !== b.shadowRules.join(',')) fields.push('shadowRules');
  if (JSON.stringify(a.followUp) !== JSON.stringify(b.followUp)) fields.push('followUp');
  return fields;
}

function firstByEventId(decisions: readonly ComparableDecision[]): { byId: Map<string, ComparableDecision>; duplicates: number } {
  const byId = new Map<string, ComparableDecision>();
  let duplicates = 0;
  for (const d of decisions) {
    if (byId.has(d.eventId)) duplicates++;
    else byId.set(d.eventId, d);
  }
  return { byId, duplicates };
}

function diffSets(a: Map<string, ComparableDecision>, b: Map<string, ComparableDecision>, tolerance: number): DecisionSetDiff {
  const diff: DecisionSetDiff = { compared: 0, identical: 0, onlyInA: [], onlyInB: [], differing: [] };
  for (const [eventId, left] of a) {
    const right = b.get(eventId);
    if (right === undefined) {
      diff.onlyInA.push(eventId);
      continue;
    }
    diff.compared++;
    const [fa, fb] = [facts(left), facts(right)];
    const fields = differences(fa, fb, tolerance);
    if (fields.length === 0) diff.identical++;
    else diff.differing.push({ eventId, ...(left.accountId === undefined ? {} : { accountId: left.accountId }), fields, a: fa, b: fb });
  }
  for (const eventId of b.keys()) if (!a.has(eventId)) diff.onlyInB.push(eventId);
  return diff;
}

const split = (byId: Map<string, ComparableDecision>, followUps: boolean) => new Map([...byId].filter(([, d]) => (d.followUp !== undefined) === followUps));

/**
 * Two decision sets for the same events (a backlog run and a paced run, two engine versions)
 * compared per eventId on outcome, score, enforced and shadow rule ids; follow-ups by their own
 * eventId; and each event's effective outcome with its follow-ups. Order within a set, decisionId
 * and decidedAt never count.
 */
export function compareDecisions(a: readonly ComparableDecision[], b: readonly ComparableDecision[], options: CompareOptions = {}): DecisionComparison {
  const tolerance = options.scoreTolerance ?? 0;
  const [left, right] = [firstByEventId(a), firstByEventId(b)];
  const decisions = diffSets(split(left.byId, false), split(right.byId, false), tolerance);
  const followUps = diffSets(split(left.byId, true), split(right.byId, true), tolerance);
  const [ea, eb] = [effectiveOutcomes(a).byEvent, effectiveOutcomes(b).byEvent];
  const effective = { compared: 0, identical: 0, differing: [] as EffectiveDifference[] };
  for (const eventId of new Set([...ea.keys(), ...eb.keys()])) {
    const [oa, ob] = [ea.get(eventId)?.outcome ?? null, eb.get(eventId)?.outcome ?? null];
    effective.compared++;
    if (oa === ob) effective.identical++;
    else effective.differing.push({ eventId, a: oa, b: ob });
  }
  const clean = (d: DecisionSetDiff) => d.onlyInA.length === 0 && d.onlyInB.length === 0 && d.differing.length === 0;
  const equal = clean(decisions) && clean(followUps) && effective.differing.length === 0 && left.duplicates === 0 && right.duplicates === 0;
  return { decisions, followUps, effective, duplicates: { a: left.duplicates, b: right.duplicates }, equal };
}
