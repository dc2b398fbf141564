import type { DecisionOutcome, RiskDecision } from '@vigil/events';
import { SCENARIOS, type GroundTruth, type ScenarioName } from '../ground-truth.ts';
import { nearestRank } from './percentile.ts';

/** The part of a decision the report needs. */
export type DecisionView = Pick<RiskDecision, 'eventId' | 'outcome'>;
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
}

/** Detection quality of decisions against ground truth. Warm-up events are history, not measured. */
export function computeDetectionReport(labels: Iterable<GroundTruth>, decisions: Iterable<DecisionView>): DetectionReport {
  const outcomes = new Map<string, DecisionOutcome>();
  let duplicateDecisions = 0;
  for (const d of decisions) {
    if (outcomes.has(d.eventId)) duplicateDecisions++;
    else outcomes.set(d.eventId, d.outcome);
  }
  const all = [...labels];
  const labelled = new Set(all.map((l) => l.eventId));
  const measured = all.filter((l) => l.warmup !== true);
  const attacked = new Set(measured.filter((l) => l.label === 'attack').map((l) => l.accountId));
  const episodes = new Map<string, EpisodeTally>();
  const benignAccounts = new Map<string, boolean>();
  const benign: BenignQuality = { events: 0, flaggedEvents: 0, eventFalsePositiveRate: null, accounts: 0, flaggedAccounts: 0, accountFalsePositiveRate: null, flaggedByOutcome: { challenge: 0, review: 0, block: 0 } };
  let decidedEvents = 0;
  for (const l of measured) {
    const outcome = outcomes.get(l.eventId);
    if (outcome !== undefined) decidedEvents++;
    const flagged = outcome !== undefined && outcome !== 'allow';
    const at = Date.parse(l.occurredAt);
    if (l.label === 'attack' && l.episodeId !== null && l.scenario !== 'benign') {
      const tally = episodes.get(l.episodeId) ?? { scenario: l.scenario, firstAttackAt: at, firstFlaggedAt: null, events: 0, flagged: 0 };
      tally.firstAttackAt = Math.min(tally.firstAttackAt, at);
      tally.events++;
      if (flagged) {
        tally.flagged++;
        tally.firstFlaggedAt = Math.min(tally.firstFlaggedAt ?? at, at);
      }
      episodes.set(l.episodeId, tally);
    } else if (l.label === 'benign' && !attacked.has(l.accountId)) {
      benign.events++;
      benignAccounts.set(l.accountId, (benignAccounts.get(l.accountId) ?? false) || flagged);
      if (flagged) {
        benign.flaggedEvents++;
        benign.flaggedByOutcome[outcome]++;
      }
    }
  }
  benign.accounts = benignAccounts.size;
  benign.flaggedAccounts = [...benignAccounts.values()].filter(Boolean).length;
  benign.eventFalsePositiveRate = ratio(benign.flaggedEvents, benign.events);
  benign.accountFalsePositiveRate = ratio(benign.flaggedAccounts, benign.accounts);

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
    }];
  });
  const total = scenarios.reduce((s, q) => s + q.episodes, 0);
  const caught = scenarios.reduce((s, q) => s + q.caught, 0);
  const unlabelledDecisions = [...outcomes.keys()].filter((id) => !labelled.has(id)).length;
  return {
    scenarios,
    overall: { episodes: total, caught, recall: ratio(caught, total) },
    benign,
    coverage: { labelledEvents: measured.length, decidedEvents, missingDecisions: measured.length - decidedEvents, unlabelledDecisions, duplicateDecisions },
  };
}
