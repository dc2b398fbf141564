import type { DecisionOutcome } from '@vigil/events';
import { SCENARIOS, type GroundTruth, type ScenarioName } from '../ground-truth.ts';
import { chainQuality, type ChainQuality } from './chain-quality.ts';
import {
  effectiveOutcomes,
  type DecisionView,
  type EffectiveDecision,
  type FollowUpTally,
} from './effective-outcomes.ts';
import { findInversions, type InversionReport } from './inversions.ts';
import { MarketTally, type MarketQuality } from './market-quality.ts';
import { nearestRank } from './percentile.ts';
import { countRules, ranked, type RuleCount } from './rule-counts.ts';

export type { DecisionView } from './effective-outcomes.ts';
type Flag = Exclude<DecisionOutcome, 'allow'>;

/**
 * Outcomes below are effective outcomes: an event's own decision or, when more severe, a
 * follow-up about it (see effective-outcomes.ts). `…ByFollowUpOnly` counts what only follow-ups flagged.
 */
export interface ScenarioQuality {
  scenario: ScenarioName;
  episodes: number;
  /** Episodes with at least one event decided challenge, review or block. */
  caught: number;
  /** Caught episodes none of whose events' own decisions flagged: follow-ups alone caught them. */
  caughtByFollowUpOnly: number;
  recall: number | null;
  /**
   * First attack event → first flag of the episode, over caught episodes. An event's own flag
   * counts at its occurredAt; a follow-up's when it was triggered (followUp.triggeredAt, else its
   * occurredAt), never before the event.
   */
  medianTimeToCatchMs: number | null;
  p90TimeToCatchMs: number | null;
  attackEvents: number;
  attackEventsFlagged: number;
  attackEventsFlaggedByFollowUpOnly: number;
  /**
   * Accounts with an attack event in an episode (per episode), and those with any of those events
   * flagged by the end: for low-and-slow credential stuffing, the share of the IP's victims found.
   */
  accountsTouched: number;
  accountsFlagged: number;
  accountsFlaggedByFollowUpOnly: number;
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
  /** Benign events only a follow-up flagged. */
  flaggedByFollowUpOnly: number;
  /** Every rule behind a benign flag, most events first: where tuning starts. */
  flaggedByRule: RuleCount[];
  /** The same events without the steps of benign chains (new phone, trip abroad), whose first steps are meant to be challenged. */
  outsideChains: { events: number; flaggedEvents: number; eventFalsePositiveRate: number | null };
  chains: ChainQuality[];
  /** The same accounts per home market (labels that name one). */
  byMarket: MarketQuality[];
}

export interface DetectionReport {
  scenarios: ScenarioQuality[];
  overall: {
    episodes: number;
    caught: number;
    caughtByFollowUpOnly: number;
    recall: number | null;
  };
  benign: BenignQuality;
  /** Follow-up decisions, counted for the events they revisit, never as decisions of their own. */
  followUps: FollowUpTally;
  /** Events decided after a later event of the same account, in decisions-topic order. */
  inversions: InversionReport;
  /** How complete the decisions are: missing ones make every number above optimistic or pessimistic. */
  coverage: {
    labelledEvents: number;
    decidedEvents: number;
    missingDecisions: number;
    unlabelledDecisions: number;
    duplicateDecisions: number;
    /** Decisions read again with their decisionId and outcome (see EffectiveOutcomes). */
    repeatedDeliveries: number;
  };
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

interface EpisodeTally {
  scenario: ScenarioName;
  firstAttackAt: number;
  firstFlaggedAt: number | null;
  events: number;
  flagged: number;
  flaggedByFollowUpOnly: number;
  /** Per account touched: flagged at all, and flagged by its own decisions. */
  accounts: Map<string, { flagged: boolean; ownFlag: boolean }>;
  rules: Map<string, number>;
}

/** When an event was flagged: at its time by its own decision, at the first flagging follow-up's time otherwise. */
function flaggedAt(effective: EffectiveDecision, at: number): number {
  if (effective.own !== undefined && effective.own.outcome !== 'allow') return at;
  const times = effective.flaggedBy.map((d) => {
    const when = d.followUp?.triggeredAt ?? d.occurredAt;
    return when === undefined ? at : Date.parse(when);
  });
  return Math.max(at, Math.min(...times));
}

/**
 * Detection quality of decisions against ground truth. Warm-up events are history, not measured.
 * Decisions are taken in the order they were read (topic order per partition), which the
 * inversion count relies on.
 */
export interface ReportOptions {
  /** Ids of the rule set's amount rules (per-currency thresholds): the per-market table counts their flags apart. */
  amountRules?: ReadonlySet<string>;
}

export function computeDetectionReport(
  labels: Iterable<GroundTruth>,
  decisions: Iterable<DecisionView>,
  options: ReportOptions = {},
): DetectionReport {
  const read = [...decisions];
  const effective = effectiveOutcomes(read);
  const all = [...labels];
  const labelOf = new Map(all.map((l) => [l.eventId, l]));
  const measured = all.filter((l) => l.warmup !== true);
  const attacked = new Set(measured.filter((l) => l.label === 'attack').map((l) => l.accountId));
  const episodes = new Map<string, EpisodeTally>();
  const benignAccounts = new Map<string, boolean>();
  const benignRules = new Map<string, number>();
  const benign: BenignQuality = {
    events: 0,
    flaggedEvents: 0,
    eventFalsePositiveRate: null,
    accounts: 0,
    flaggedAccounts: 0,
    accountFalsePositiveRate: null,
    flaggedByOutcome: { challenge: 0, review: 0, block: 0 },
    flaggedByFollowUpOnly: 0,
    flaggedByRule: [],
    outsideChains: { events: 0, flaggedEvents: 0, eventFalsePositiveRate: null },
    chains: [],
    byMarket: [],
  };
  const markets = new MarketTally(options.amountRules);
  const chainSteps: GroundTruth[] = [];
  let decidedEvents = 0;
  for (const l of measured) {
    const decision = effective.byEvent.get(l.eventId);
    if (decision?.own !== undefined) decidedEvents++;
    const outcome = decision?.outcome ?? 'allow';
    const flagged = decision !== undefined && outcome !== 'allow';
    const at = Date.parse(l.occurredAt);
    if (l.label === 'attack' && l.episodeId !== null && l.scenario !== 'benign') {
      const tally: EpisodeTally = episodes.get(l.episodeId) ?? {
        scenario: l.scenario,
        firstAttackAt: at,
        firstFlaggedAt: null,
        events: 0,
        flagged: 0,
        flaggedByFollowUpOnly: 0,
        accounts: new Map(),
        rules: new Map(),
      };
      tally.firstAttackAt = Math.min(tally.firstAttackAt, at);
      tally.events++;
      const account = tally.accounts.get(l.accountId) ?? { flagged: false, ownFlag: false };
      if (flagged) {
        tally.flagged++;
        if (decision.flaggedByFollowUpOnly) tally.flaggedByFollowUpOnly++;
        account.flagged = true;
        account.ownFlag ||= !decision.flaggedByFollowUpOnly;
        tally.firstFlaggedAt = Math.min(tally.firstFlaggedAt ?? Infinity, flaggedAt(decision, at));
        countRules(tally.rules, decision.flaggedBy);
      }
      tally.accounts.set(l.accountId, account);
      episodes.set(l.episodeId, tally);
    } else if (l.label === 'benign' && !attacked.has(l.accountId)) {
      benign.events++;
      benignAccounts.set(l.accountId, (benignAccounts.get(l.accountId) ?? false) || flagged);
      markets.add(l, decision);
      if (l.chain !== undefined) chainSteps.push(l);
      else benign.outsideChains.events++;
      if (flagged) {
        benign.flaggedEvents++;
        benign.flaggedByOutcome[outcome]++;
        if (decision.flaggedByFollowUpOnly) benign.flaggedByFollowUpOnly++;
        if (l.chain === undefined) benign.outsideChains.flaggedEvents++;
        countRules(benignRules, decision.flaggedBy);
      }
    }
  }
  benign.accounts = benignAccounts.size;
  benign.flaggedAccounts = [...benignAccounts.values()].filter(Boolean).length;
  benign.eventFalsePositiveRate = ratio(benign.flaggedEvents, benign.events);
  benign.accountFalsePositiveRate = ratio(benign.flaggedAccounts, benign.accounts);
  benign.outsideChains.eventFalsePositiveRate = ratio(
    benign.outsideChains.flaggedEvents,
    benign.outsideChains.events,
  );
  benign.flaggedByRule = ranked(benignRules);
  benign.byMarket = markets.result();
  benign.chains = chainQuality(chainSteps, (eventId) => effective.byEvent.get(eventId));

  const scenarios = SCENARIOS.flatMap((scenario): ScenarioQuality[] => {
    const tallies = [...episodes.values()].filter((t) => t.scenario === scenario);
    return tallies.length === 0 ? [] : [scenarioQuality(scenario, tallies)];
  });
  const total = scenarios.reduce((s, q) => s + q.episodes, 0);
  const caught = scenarios.reduce((s, q) => s + q.caught, 0);
  const caughtByFollowUpOnly = scenarios.reduce((s, q) => s + q.caughtByFollowUpOnly, 0);
  const unlabelledDecisions = [...effective.byEvent.values()].filter(
    (e) => e.own !== undefined && !labelOf.has(e.eventId),
  ).length;
  return {
    scenarios,
    overall: { episodes: total, caught, caughtByFollowUpOnly, recall: ratio(caught, total) },
    benign,
    followUps: effective.followUps,
    inversions: findInversions(read, (eventId) => labelOf.get(eventId)),
    coverage: {
      labelledEvents: measured.length,
      decidedEvents,
      missingDecisions: measured.length - decidedEvents,
      unlabelledDecisions,
      duplicateDecisions: effective.duplicates,
      repeatedDeliveries: effective.repeatedDeliveries,
    },
  };
}

function scenarioQuality(
  scenario: ScenarioName,
  tallies: readonly EpisodeTally[],
): ScenarioQuality {
  const sum = (f: (t: EpisodeTally) => number) => tallies.reduce((s, t) => s + f(t), 0);
  const accounts = tallies.flatMap((t) => [...t.accounts.values()]);
  const ttc = tallies.flatMap((t) =>
    t.firstFlaggedAt === null ? [] : [t.firstFlaggedAt - t.firstAttackAt],
  );
  const rules = new Map<string, number>();
  for (const t of tallies)
    for (const [rule, n] of t.rules) rules.set(rule, (rules.get(rule) ?? 0) + n);
  return {
    scenario,
    episodes: tallies.length,
    caught: ttc.length,
    caughtByFollowUpOnly: tallies.filter(
      (t) => t.flagged > 0 && t.flagged === t.flaggedByFollowUpOnly,
    ).length,
    recall: ratio(ttc.length, tallies.length),
    medianTimeToCatchMs: nearestRank(ttc, 50),
    p90TimeToCatchMs: nearestRank(ttc, 90),
    attackEvents: sum((t) => t.events),
    attackEventsFlagged: sum((t) => t.flagged),
    attackEventsFlaggedByFollowUpOnly: sum((t) => t.flaggedByFollowUpOnly),
    accountsTouched: accounts.length,
    accountsFlagged: accounts.filter((a) => a.flagged).length,
    accountsFlaggedByFollowUpOnly: accounts.filter((a) => a.flagged && !a.ownFlag).length,
    topRules: ranked(rules, 3),
  };
}
