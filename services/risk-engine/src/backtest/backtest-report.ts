import { DECISION_OUTCOMES, type DecisionOutcome, type RiskDecision } from '@vigil/events';

/** Ground truth for an event, from a labels file (disputes, answers, simulator labels). */
export type Label = 'fraud' | 'legit';

/** One side of a backtest: its rule set's version and fingerprint, and what it decided. */
export interface RuleSetDecisions {
  version: string;
  fingerprint: string;
  decisions: readonly RiskDecision[];
}

export interface BacktestInput {
  baseline: RuleSetDecisions;
  candidate: RuleSetDecisions;
  labels?: ReadonlyMap<string, Label>;
  /** Agent time one case takes, for the workload line. */
  minutesPerCase: number;
  /** Changed decisions listed one by one (the rest are counted). */
  maxListed: number;
}

export interface RuleHits {
  rule: string;
  enforce: [number, number];
  shadow: [number, number];
}

export interface SideEffects {
  decisions: number;
  flagged: number;
  cases: number;
  accountsWithCase: number;
  locks: number;
  verificationRequests: number;
  lockNotices: number;
  followUps: number;
  agentHours: number;
}

export interface ChangedDecision {
  eventId: string;
  accountId: string;
  occurredAt: string;
  label?: Label;
  baseline: { outcome: DecisionOutcome; rules: string[] };
  candidate: { outcome: DecisionOutcome; rules: string[] };
}

export interface LabelQuality {
  fraudEvents: number;
  legitEvents: number;
  /** Fraud events with a non-allow effective outcome: baseline, candidate. */
  fraudCaught: [number, number];
  legitFlagged: [number, number];
  /** Fraud events only the candidate catches / only the baseline catches. */
  newlyCaught: number;
  newlyMissed: number;
  falsePositivesAdded: number;
  falsePositivesRemoved: number;
}

export interface BacktestReport {
  versions: [string, string];
  /** The rule sets' content hashes (RuleSet.fingerprint): what tells two sets of one version apart. */
  fingerprints: [string, string];
  eventsCompared: number;
  changed: number;
  /** outcomes[baseline][candidate] = events. */
  transitions: Record<DecisionOutcome, Record<DecisionOutcome, number>>;
  rules: RuleHits[];
  effects: [SideEffects, SideEffects];
  labels?: LabelQuality;
  listed: ChangedDecision[];
}

const SEVERITY: Record<DecisionOutcome, number> = { allow: 0, challenge: 1, review: 2, block: 3 };

/** An event's own decision and the most severe follow-up about it: what the customer lived. */
function effectiveOutcomes(decisions: readonly RiskDecision[]): Map<string, RiskDecision> {
  const own = new Map<string, RiskDecision>();
  for (const decision of decisions) if (!decision.followUp) own.set(decision.eventId, decision);
  const effective = new Map(own);
  for (const decision of decisions) {
    const about = decision.followUp?.eventId;
    if (!about) continue;
    const current = effective.get(about);
    if (current && SEVERITY[decision.outcome] > SEVERITY[current.outcome])
      effective.set(about, { ...current, outcome: decision.outcome });
  }
  return effective;
}

function sideEffects(decisions: readonly RiskDecision[], minutesPerCase: number): SideEffects {
  const caseAccounts = new Set<string>();
  const effects: SideEffects = {
    decisions: 0,
    flagged: 0,
    cases: 0,
    accountsWithCase: 0,
    locks: 0,
    verificationRequests: 0,
    lockNotices: 0,
    followUps: 0,
    agentHours: 0,
  };
  for (const decision of decisions) {
    if (decision.followUp) effects.followUps += 1;
    else effects.decisions += 1;
    if (decision.outcome !== 'allow' && !decision.followUp) effects.flagged += 1;
    if (decision.outcome === 'challenge') effects.verificationRequests += 1;
    if (decision.outcome === 'review' || decision.outcome === 'block') {
      effects.cases += 1;
      caseAccounts.add(decision.accountId);
    }
    if (decision.outcome === 'block') {
      effects.locks += 1;
      effects.lockNotices += 1;
    }
  }
  effects.accountsWithCase = caseAccounts.size;
  // Alerts attach to the account's open case: agents work accounts, not decisions.
  effects.agentHours = Math.round((caseAccounts.size * minutesPerCase * 10) / 60) / 10;
  return effects;
}

const sortedRules = (reasons: readonly { rule: string }[]) => reasons.map((r) => r.rule).sort();

function ruleHits(
  baseline: readonly RiskDecision[],
  candidate: readonly RiskDecision[],
): RuleHits[] {
  const hits = new Map<string, RuleHits>();
  const at = (rule: string) => {
    let entry = hits.get(rule);
    if (!entry) {
      entry = { rule, enforce: [0, 0], shadow: [0, 0] };
      hits.set(rule, entry);
    }
    return entry;
  };
  const count = (decisions: readonly RiskDecision[], side: 0 | 1) => {
    for (const decision of decisions) {
      if (decision.followUp) continue;
      for (const { rule } of decision.reasons) at(rule).enforce[side] += 1;
      for (const { rule } of decision.shadowReasons) at(rule).shadow[side] += 1;
    }
  };
  count(baseline, 0);
  count(candidate, 1);
  return [...hits.values()].sort((a, b) => (a.rule < b.rule ? -1 : 1));
}

function emptyTransitions(): BacktestReport['transitions'] {
  const row = () =>
    Object.fromEntries(DECISION_OUTCOMES.map((o) => [o, 0])) as Record<DecisionOutcome, number>;
  return Object.fromEntries(
    DECISION_OUTCOMES.map((o) => [o, row()]),
  ) as BacktestReport['transitions'];
}

/**
 * What the candidate rule set would have changed on the same history, decision by decision:
 * a pure function of the two replays (and the labels), so the same input gives the same report.
 */
export function computeBacktestReport(input: BacktestInput): BacktestReport {
  const a = effectiveOutcomes(input.baseline.decisions);
  const b = effectiveOutcomes(input.candidate.decisions);
  const transitions = emptyTransitions();
  const changes: ChangedDecision[] = [];
  let compared = 0;
  for (const [eventId, before] of a) {
    const after = b.get(eventId);
    if (!after) continue;
    compared += 1;
    transitions[before.outcome][after.outcome] += 1;
    const rulesBefore = sortedRules(before.reasons);
    const rulesAfter = sortedRules(after.reasons);
    if (before.outcome === after.outcome && rulesBefore.join() === rulesAfter.join()) continue;
    const label = input.labels?.get(eventId);
    changes.push({
      eventId,
      accountId: before.accountId,
      occurredAt: before.occurredAt,
      ...(label ? { label } : {}),
      baseline: { outcome: before.outcome, rules: rulesBefore },
      candidate: { outcome: after.outcome, rules: rulesAfter },
    });
  }
  changes.sort((x, y) =>
    x.occurredAt !== y.occurredAt
      ? x.occurredAt < y.occurredAt
        ? -1
        : 1
      : x.eventId < y.eventId
        ? -1
        : 1,
  );
  const report: BacktestReport = {
    versions: [input.baseline.version, input.candidate.version],
    fingerprints: [input.baseline.fingerprint, input.candidate.fingerprint],
    eventsCompared: compared,
    changed: changes.length,
    transitions,
    rules: ruleHits(input.baseline.decisions, input.candidate.decisions),
    effects: [
      sideEffects(input.baseline.decisions, input.minutesPerCase),
      sideEffects(input.candidate.decisions, input.minutesPerCase),
    ],
    listed: changes.slice(0, input.maxListed),
  };
  if (input.labels) report.labels = labelQuality(a, b, input.labels);
  return report;
}

function labelQuality(
  a: ReadonlyMap<string, RiskDecision>,
  b: ReadonlyMap<string, RiskDecision>,
  labels: ReadonlyMap<string, Label>,
): LabelQuality {
  const quality: LabelQuality = {
    fraudEvents: 0,
    legitEvents: 0,
    fraudCaught: [0, 0],
    legitFlagged: [0, 0],
    newlyCaught: 0,
    newlyMissed: 0,
    falsePositivesAdded: 0,
    falsePositivesRemoved: 0,
  };
  for (const [eventId, before] of a) {
    const after = b.get(eventId);
    const label = labels.get(eventId);
    if (!after || !label) continue;
    const flaggedBefore = before.outcome !== 'allow';
    const flaggedAfter = after.outcome !== 'allow';
    if (label === 'fraud') {
      quality.fraudEvents += 1;
      if (flaggedBefore) quality.fraudCaught[0] += 1;
      if (flaggedAfter) quality.fraudCaught[1] += 1;
      if (flaggedAfter && !flaggedBefore) quality.newlyCaught += 1;
      if (flaggedBefore && !flaggedAfter) quality.newlyMissed += 1;
    } else {
      quality.legitEvents += 1;
      if (flaggedBefore) quality.legitFlagged[0] += 1;
      if (flaggedAfter) quality.legitFlagged[1] += 1;
      if (flaggedAfter && !flaggedBefore) quality.falsePositivesAdded += 1;
      if (flaggedBefore && !flaggedAfter) quality.falsePositivesRemoved += 1;
    }
  }
  return quality;
}
