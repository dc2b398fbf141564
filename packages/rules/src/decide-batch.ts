import type { RiskDecision, ScoredEvent } from '@vigil/events';
import { buildDecision } from './decision.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { eventTime } from './event-view.ts';
import { planFeatures, requiredFeatures } from './feature-plan.ts';
import type { FeatureStore } from './feature-store.ts';
import { rememberedPayload, type EventMemory } from './follow-ups/event-memory.ts';
import { revisitLaterEvents, type LateArrival } from './follow-ups/late-events.ts';
import { entityUses, retroFollowUps, triggeredSweeps } from './follow-ups/retro-hunt.ts';
import type { RuleSet } from './rule-set.ts';

/** An event to decide and where this delivery of it was read from (topic/partition/offset). */
export interface BatchEvent {
  scored: ScoredEvent;
  origin: string;
}

export interface DecidedEvent {
  /** Position in the batch. */
  index: number;
  scored: ScoredEvent;
  evaluation: Evaluation;
  decision: RiskDecision;
}

/** A follow-up decision and the batch event whose arrival caused it (it travels with that one). */
export interface FollowUp {
  index: number;
  decision: RiskDecision;
  /** The earlier event it re-decides (late events), for what the customer is told about. */
  revisited?: ScoredEvent;
}

export interface DecidedBatch {
  decided: DecidedEvent[];
  /** Positions of events delivered again upstream (decided on their first delivery). */
  duplicates: number[];
  followUps: FollowUp[];
  /** Events that arrived after a later event of their account was decided. */
  late: number;
  /** Remembered events that no longer parse (dropped from revisits). */
  unreadable: number;
}

/**
 * Decides a batch of events given in event-time order — the one decision path of the engine and
 * of offline detection: features for all of them in one store call (each as of its own time),
 * pure evaluation, then what later knowledge changes: events remembered with their outcomes and
 * the entities they used, earlier-decided events revisited when a late one arrives, and the
 * accounts that used an entity a rule just found bad swept for retro-hunt follow-ups. Every
 * write is idempotent on the event (and its delivery), so a retried batch decides the same and
 * raises the same follow-ups.
 */
export async function decideBatch(
  deps: { ruleSet: RuleSet; store: FeatureStore; memory: EventMemory; now: number },
  events: readonly BatchEvent[],
): Promise<DecidedBatch> {
  const { ruleSet, store, memory, now } = deps;
  const plans = events.map(({ scored }) => planFeatures(ruleSet, scored));
  const results = await store.computeBatch(
    events.map(({ scored, origin }, i) => ({
      eventId: scored.event.eventId,
      accountId: scored.event.accountId,
      at: eventTime(scored),
      requests: requiredFeatures(ruleSet, scored, plans[i]),
      origin,
      plan: ruleSet.fingerprint,
    })),
  );
  const duplicates: number[] = [];
  const decided: DecidedEvent[] = [];
  events.forEach(({ scored }, index) => {
    const result = results[index]!;
    // Delivered again upstream (same eventId, another offset): one decision per eventId, ever.
    if (result.duplicate) {
      duplicates.push(index);
      return;
    }
    const evaluation = evaluate(scored, result.values, ruleSet, now, plans[index]);
    decided.push({ index, scored, evaluation, decision: buildDecision(scored, evaluation) });
  });

  const lateFlags = decided.map(({ index, scored }) => {
    const latestAt = results[index]!.latestAt;
    return latestAt !== null && latestAt > eventTime(scored);
  });
  // Retro-hunts run in the memory right after their event is recorded, before the next one is.
  const sweeps = triggeredSweeps(
    ruleSet,
    decided.map(({ scored, evaluation, index }) => ({
      event: scored,
      evaluation,
      origin: events[index]!.origin,
    })),
  );
  const recorded = await memory.record(
    decided.map(({ scored, decision }, i) => ({
      accountId: scored.event.accountId,
      eventId: scored.event.eventId,
      at: eventTime(scored),
      payload: rememberedPayload(scored),
      uses: entityUses(ruleSet, scored),
      useRetentionMs: ruleSet.retroHunt?.retentionMs ?? 0,
      outcome: decision.outcome,
      late: lateFlags[i]!,
      sweeps: sweeps.filter((planned) => planned.index === i).map(({ sweep }) => sweep.request),
    })),
  );
  const arrivals: (LateArrival & { index: number })[] = decided.flatMap(({ scored, index }, i) => {
    const after = recorded[i]!.later;
    return after && after.length > 0 ? [{ event: scored, later: after, index }] : [];
  });
  const followUps: FollowUp[] = [];
  let unreadable = 0;
  if (arrivals.length > 0) {
    const revisited = await revisitLaterEvents({
      ruleSet,
      store,
      now,
      late: arrivals,
      batchEventIds: new Set(events.map(({ scored }) => scored.event.eventId)),
    });
    unreadable = revisited.unreadable;
    for (const followUp of revisited.followUps) {
      const arrival = arrivals.find((a) => a.event === followUp.trigger)!;
      followUps.push({
        index: arrival.index,
        decision: followUp.decision,
        revisited: followUp.revisited,
      });
    }
  }
  if (sweeps.length > 0 && ruleSet.retroHunt) {
    // Each event's sweep answers, in the order its sweeps were asked.
    const asked = new Map<number, number>();
    const found = sweeps.map(({ index }) => {
      const nth = asked.get(index) ?? 0;
      asked.set(index, nth + 1);
      return recorded[index]!.swept[nth] ?? [];
    });
    for (const { decision, sweep } of retroFollowUps(
      ruleSet.retroHunt,
      ruleSet.version,
      sweeps.map(({ sweep }) => sweep),
      found,
      now,
    ))
      followUps.push({ index: decided[sweeps[sweep]!.index]!.index, decision });
  }
  if (followUps.length > 0)
    await memory.raise(
      followUps.map(({ decision }) => ({
        accountId: decision.accountId,
        eventId: decision.followUp!.eventId,
        outcome: decision.outcome,
        by: decision.decisionId,
      })),
    );
  return { decided, duplicates, followUps, late: lateFlags.filter(Boolean).length, unreadable };
}
