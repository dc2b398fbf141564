import type { DecisionOutcome, RiskDecision, ScoredEvent } from '@vigil/events';
import { moreSevere } from '../combine-score.ts';
import { decisionIdFor } from '../decision.ts';
import { evaluate, type Evaluation } from '../evaluate.ts';
import { planEvent } from '../event-plan.ts';
import type { FeatureStore } from '../feature-store.ts';
import type { RuleSet } from '../rule-set.ts';
import { parseRemembered, type RememberedEvent } from './event-memory.ts';
import { lateEventFollowUp } from './follow-up-decision.ts';

/**
 * A late event of the batch and what was already decided after it: its account's later events,
 * and other accounts' later events on an entity whose shared state it writes.
 */
export interface LateArrival {
  event: ScoredEvent;
  later: readonly RememberedEvent[];
}

/** An earlier-decided event evaluated again as of its own time. */
export interface Revisit {
  evaluation: Evaluation;
  revisited: ScoredEvent;
  /** The late event whose arrival called for it. */
  trigger: ScoredEvent;
}

export interface LateFollowUp extends Revisit {
  decision: RiskDecision;
}

/**
 * The outcome an earlier event stands at: its own, or a follow-up's when one raised it — except
 * the follow-up about to be (re)made, so a retried batch raises it again rather than finding its
 * own first attempt already there.
 */
function standing(remembered: RememberedEvent, candidateDecisionId: string): DecisionOutcome {
  const { raised } = remembered;
  if (!raised || raised.by === candidateDecisionId) return remembered.outcome;
  return moreSevere(remembered.outcome, raised.outcome);
}

/**
 * Late events change what came after them: each event the account had already decided after a
 * late one (within the lateness horizon) is evaluated again as of its own time — the late event
 * now in its windows, sequences now in the order they happened — and gets a follow-up decision
 * when that is more severe than where it stands. Never less severe (a customer cannot be
 * un-asked; an agent clears a false positive). Temporary login locks are about the present and
 * are not re-issued for the past. `revisits` holds every evaluation, harsher or not: a trigger rule
 * firing in one sweeps as the event's own decision would have (settleBatch).
 */
export async function revisitLaterEvents(input: {
  ruleSet: RuleSet;
  store: FeatureStore;
  now: number;
  late: readonly LateArrival[];
  /** Events decided in this batch: they were scored after the late ones, in order already. */
  batchEventIds: ReadonlySet<string>;
}): Promise<{ followUps: LateFollowUp[]; revisits: Revisit[]; unreadable: number }> {
  const { ruleSet } = input;
  // Each earlier event once per batch, with the latest late event before it as the trigger.
  const candidates = new Map<string, { remembered: RememberedEvent; trigger: ScoredEvent }>();
  for (const arrival of input.late) {
    const at = Date.parse(arrival.event.event.occurredAt);
    for (const remembered of arrival.later) {
      if (input.batchEventIds.has(remembered.eventId) || remembered.at <= at) continue;
      const current = candidates.get(remembered.eventId);
      if (!current || Date.parse(current.trigger.event.occurredAt) <= at)
        candidates.set(remembered.eventId, { remembered, trigger: arrival.event });
    }
  }
  let unreadable = 0;
  const revisits = [...candidates.values()].flatMap(({ remembered, trigger }) => {
    const revisited = parseRemembered(remembered.payload);
    if (!revisited) {
      unreadable += 1;
      return [];
    }
    return [{ remembered, trigger, revisited, plan: planEvent(ruleSet, revisited) }];
  });
  if (revisits.length === 0) return { followUps: [], revisits: [], unreadable };
  const results = await input.store.computeBatch(
    revisits.map(({ revisited, remembered, plan }) => ({
      eventId: remembered.eventId,
      accountId: revisited.event.accountId,
      at: remembered.at,
      requests: plan.requests,
      readOnly: true,
    })),
  );
  const evaluated: Revisit[] = [];
  const followUps = revisits.flatMap(({ remembered, trigger, revisited, plan }, i) => {
    const evaluation = {
      ...evaluate(revisited, results[i]!.values, ruleSet, input.now, plan.rules, plan.ctx),
      temporaryLocks: [],
    };
    evaluated.push({ evaluation, revisited, trigger });
    const decision = lateEventFollowUp({
      revisited,
      evaluation,
      previousDecisionId: decisionIdFor(remembered.eventId),
      trigger,
    });
    const before = standing(remembered, decision.decisionId);
    if (moreSevere(before, evaluation.outcome) === before) return [];
    return [{ decision, evaluation, revisited, trigger }];
  });
  return { followUps, revisits: evaluated, unreadable };
}
