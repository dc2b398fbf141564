import type { DecisionOutcome, RiskDecision } from '@vigil/events';
import { SCENARIOS, type GroundTruth, type ScenarioName } from '../ground-truth.ts';
import { nearestRank } from './percentile.ts';

/** The part of a decision the report needs; `reasons` (enforced rules) say which rules flagged it. */
export type DecisionView = Pick<RiskDecision, 'eventId' | 'outcome'> & {
  reasons?: readonly { rule: string }[];
};

/** How many flagged events a rule was behind. */
export interface RuleCount {
  rule: string;
  events: number;
}
type Flag = Exclude<DecisionOutcome, 'allow'>;

export interface ScenarioQuality {
  scenario: ScenarioName;
  episodes: number;
  /** Episodes with at least one event decided challenge, review or block. */
  caught: number;
  recall: number | null;
  /** First attack event → first flagged event of the episode, by occurredAt; over caught episodes. */
  medianTimeToCatchMs: number | null;
  p90TimeToCatchMs: number | null;
  attackEvents: number;
  attackEventsFlagged: number;
  /** The rules behind the most flagged events of this scenario (top 3). */
  topRules: RuleCount[];
}

export interface BenignQuality {
  /** Benign events (outside warm-up) on accounts no attack ever touched. */
  events: number;
  flaggedEvents: number;
  eventFalsePositiveRate: number | null;
  accounts: number;
  flaggedAccounts: number;
  accountFalsePositiveRate: number | null;
  flaggedByOutcome: Record<Flag, number>;
  /** Every rule behind a benign flag, most events first: where tuning starts. */
  flaggedByRule: RuleCount[];
}

export interface DetectionReport {
  scenarios: ScenarioQuality[];
  overall: { episodes: number; caught: number; recall: number | null };
  benign: BenignQuality;
  /** How complete the decisions are: missing ones make every number above optimistic or pessimistic. */
  coverage: { labelledEvents: number; decidedEvents: number; missingDecisions: number; unlabelledDecisions: number; duplicateDecisions: number };
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

interface EpisodeTally {
  scenario: ScenarioName;
  firstAttackAt: number;
  firstFlaggedAt: number | null;
  events: number;
  flagged: number;
  rules: Map<string, number>;
}

function countRules(into: Map<string, number>, decision: DecisionView | undefined): void {
  for (const rule of new Set(decision?.reasons?.map((r) => r.rule) ?? []))
    into.set(rule, (into.get(rule) ?? 0) + 1);
}

function ranked(counts: Map<string, number>, limit = Infinity): RuleCount[] {
  return [...counts]
    .map(([rule, events]) => ({ rule, events }))
    .sort((a, b) => b.events - a.events || a.rule.localeCompare(b.rule))
    .slice(0, limit);
}

/** Detection quality of decisions against ground truth. Warm-up events are history, not measured. */
export function computeDetectionReport(labels: Iterable<GroundTruth>, decisions: Iterable<DecisionView>): DetectionReport {
  const firstDecisions = new Map<string, DecisionView>();
  let duplicateDecisions = 0;
  for (const d of decisions) {
    if (firstDecisions.has(d.eventId)) duplicateDecisions++;
    else firstDecisions.set(d.eventId, d);
  }
  const benignRules = new Map<string, number>();
  const all = [...labels];
  const labelled = new Set(all.map((l) => l.eventId));
  const measured = all.filter((l) => l.warmup !== true);
  const attacked = new Set(measured.filter((l) => l.label === 'attack').map((l) => l.accountId));
  const episodes = new Map<string, EpisodeTally>();
  const benignAccounts = new Map<string, boolean>();
  const benign: BenignQuality = { events: 0, flaggedEvents: 0, eventFalsePositiveRate: null, accounts: 0, flaggedAccounts: 0, accountFalsePositiveRate: null, flaggedByOutcome: { challenge: 0, review: 0, block: 0 }, flaggedByRule: [] };
  let decidedEvents = 0;
  for (const l of measured) {
    const decision = firstDecisions.get(l.eventId);
    const outcome = decision?.outcome;
    if (outcome !== undefined) decidedEvents++;
    const flagged = outcome !== undefined && outcome !== 'allow';
    const at = Date.parse(l.occurredAt);
    if (l.label === 'attack' && l.episodeId !== null && l.scenario !== 'benign') {
      const tally = episodes.get(l.episodeId) ?? { scenario: l.scenario, firstAttackAt: at, firstFlaggedAt: null, events: 0, flagged: 0, rules: new Map<string, number>() };
      tally.firstAttackAt = Math.min(tally.firstAttackAt, at);
      tally.events++;
      if (flagged) {
        tally.flagged++;
        tally.firstFlaggedAt = Math.min(tally.firstFlaggedAt ?? at, at);
        countRules(tally.rules, decision);
      }
      episodes.set(l.episodeId, tally);
    } else if (l.label === 'benign' && !attacked.has(l.accountId)) {
      benign.events++;
      benignAccounts.set(l.accountId, (benignAccounts.get(l.accountId) ?? false) || flagged);
      if (flagged) {
        benign.flaggedEvents++;
        benign.flaggedByOutcome[outcome]++;
        countRules(benignRules, decision);
      }
    }
  }
  benign.accounts = benignAccounts.size;
  benign.flaggedAccounts = [...benignAccounts.values()].filter(Boolean).length;
  benign.eventFalsePositiveRate = ratio(benign.flaggedEvents, benign.events);
  benign.accountFalsePositiveRate = ratio(benign.flaggedAccounts, benign.accounts);
  benign.flaggedByRule = ranked(benignRules);

  const scenarios = SCENARIOS.flatMap((scenario): ScenarioQuality[] => {
    const tallies = [...episodes.values()].filter((t) => t.scenario === scenario);
    if (tallies.length === 0) return [];
    const ttc = tallies.flatMap((t) => (t.firstFlaggedAt === null ? [] : [t.firstFlaggedAt - t.firstAttackAt]));
    return [{
      scenario,
      episodes: tallies.length,
      caught: ttc.length,
      recall: ratio(ttc.length, tallies.length),
      medianTimeToCatchMs: nearestRank(ttc, 50),
      p90TimeToCatchMs: nearestRank(ttc, 90),
      attackEvents: tallies.reduce((s, t) => s + t.events, 0),
      attackEventsFlagged: tallies.reduce((s, t) => s + t.flagged, 0),
      topRules: ranked(
        tallies.reduce((all, t) => {
          for (const [rule, n] of t.rules) all.set(rule, (all.get(rule) ?? 0) + n);
          return all;
        }, new Map<string, number>()),
        3,
      ),
    }];
  });
  const total = scenarios.reduce((s, q) => s + q.episodes, 0);
  const caught = scenarios.reduce((s, q) => s + q.caught, 0);
  const unlabelledDecisions = [...firstDecisions.keys()].filter((id) => !labelled.has(id)).length;
  return {
    scenarios,
    overall: { episodes: total, caught, recall: ratio(caught, total) },
    benign,
    coverage: { labelledEvents: measured.length, decidedEvents, missingDecisions: measured.length - decidedEvents, unlabelledDecisions, duplicateDecisions },
  };
}
