import type { RiskDecision, ScoredEvent } from '@vigil/events';
import { buildDecision } from './decision.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { eventTime } from './event-view.ts';
import { planFeatures, requiredFeatures } from './feature-plan.ts';
import type { FeatureStore } from './feature-store.ts';
import { rememberedPayload, type EventMemory } from './follow-ups/event-memory.ts';
import { revisitLaterEvents, type LateArrival } from './follow-ups/late-events.ts';
import {
  belatedSweeps,
  entityUses,
  retroFollowUps,
  triggeredSweeps,
  type PlannedSweep,
} from './follow-ups/retro-hunt.ts';
import type { RuleSet } from './rule-set.ts';

/**
 * Events per feature-store call. A batch goes out in several calls, one after the other without
 * waiting, so the store works on one chunk while the next is planned and encoded and the one
 * before is evaluated; one call for a whole backlog batch would leave them taking turns.
 */
export const STORE_CHUNK_EVENTS = 32;

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
 * of offline detection: features for all of them (each as of its own time) in store calls of
 * STORE_CHUNK_EVENTS made back to back, pure evaluation of each chunk as it returns, then what later knowledge changes: events remembered with their outcomes and
 * the entities they used, earlier-decided events revisited when a late one arrives, and the
 * accounts that used an entity a rule just found bad swept for retro-hunt follow-ups. Every
 * write is idempotent on the event (and its delivery), so a retried batch decides the same and
 * raises the same follow-ups.
 */
export async function decideBatch(
  deps: {
    ruleSet: RuleSet;
    store: FeatureStore;
    memory: EventMemory;
    now: number;
    /** Events per store call (default STORE_CHUNK_EVENTS). */
    storeChunk?: number;
  },
  events: readonly BatchEvent[],
): Promise<DecidedBatch> {
  const { ruleSet, store, memory, now } = deps;
  const chunk = Math.max(1, deps.storeChunk ?? STORE_CHUNK_EVENTS);
  // Evaluations by position: a chunk is evaluated as soon as its features are back, while the
  // store still works on the next chunks (the store applies calls in the order they are made).
  const evaluated = new Array<DecidedEvent | 'duplicate'>(events.length);
  const chunks: Promise<void>[] = [];
  for (let start = 0; start < events.length; start += chunk) {
    const part = events.slice(start, start + chunk);
    const plans = part.map(({ scored }) => planFeatures(ruleSet, scored));
    const sent = store.computeBatch(
      part.map(({ scored, origin }, i) => ({
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: eventTime(scored),
        requests: requiredFeatures(ruleSet, scored, plans[i]),
        origin,
        plan: ruleSet.fingerprint,
      })),
    );
    chunks.push(
      sent.then((results) =>
        part.forEach(({ scored }, i) => {
          const result = results[i]!;
          // Delivered again upstream (same eventId, another offset): one decision per eventId.
          if (result.duplicate) {
            evaluated[start + i] = 'duplicate';
            return;
          }
          const evaluation = evaluate(scored, result.values, ruleSet, now, plans[i]);
          const decision = buildDecision(scored, evaluation);
          evaluated[start + i] = { index: start + i, scored, evaluation, decision };
        }),
      ),
    );
  }
  // The memory in the same round trip as the features: recording an event needs no decision.
  const keepUsesFrom = Math.min(...events.map(({ scored }) => eventTime(scored)));
  const [recorded] = await Promise.all([
    memory.record(
      events.map(({ scored, origin }) => ({
        accountId: scored.event.accountId,
        eventId: scored.event.eventId,
        at: eventTime(scored),
        payload: rememberedPayload(scored),
        uses: entityUses(ruleSet, scored),
        useRetentionMs: ruleSet.retroHunt?.retentionMs ?? 0,
        keepUsesFrom,
        origin,
      })),
    ),
    ...chunks,
  ]);
  const duplicates: number[] = [];
  const decided: DecidedEvent[] = [];
  evaluated.forEach((entry, index) => {
    if (entry === 'duplicate') duplicates.push(index);
    else decided.push(entry);
  });

  // A late event: its account had decided later ones, which it may change.
  const batchEventIds = new Set(events.map(({ scored }) => scored.event.eventId));
  const arrivals: (LateArrival & { index: number })[] = decided.flatMap(({ scored, index }) => {
    const after = recorded[index]!.later?.filter((e) => !batchEventIds.has(e.eventId)) ?? [];
    return after.length > 0 ? [{ event: scored, later: after, index }] : [];
  });
  const followUps: FollowUp[] = [];
  let unreadable = 0;
  if (arrivals.length > 0) {
    const revisited = await revisitLaterEvents({
      ruleSet,
      store,
      now,
      late: arrivals,
      batchEventIds,
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

  // Uses swept past before they were recorded first: the earlier sweep is the one that missed them.
  const sweeps: { sweep: PlannedSweep; index: number }[] = decided.flatMap(({ scored, index }) =>
    belatedSweeps(scored.event.accountId, events[index]!.origin, recorded[index]!.belated).map(
      (sweep) => ({ sweep, index }),
    ),
  );
  for (const { sweep, index } of triggeredSweeps(
    ruleSet,
    decided.map(({ scored, evaluation, index }) => ({
      event: scored,
      evaluation,
      origin: events[index]!.origin,
    })),
  ))
    sweeps.push({ sweep, index: decided[index]!.index });
  const outcomes = decided.flatMap(({ decision }) =>
    decision.outcome === 'allow'
      ? []
      : [{ accountId: decision.accountId, eventId: decision.eventId, outcome: decision.outcome }],
  );
  const raisesOf = (made: readonly FollowUp[]) =>
    made.map(({ decision }) => ({
      accountId: decision.accountId,
      eventId: decision.followUp!.eventId,
      outcome: decision.outcome,
      by: decision.decisionId,
    }));
  if (outcomes.length > 0 || sweeps.length > 0 || followUps.length > 0) {
    const found = await memory.settle({
      outcomes,
      sweeps: sweeps.map(({ sweep }) => sweep.request),
      raises: raisesOf(followUps),
    });
    if (ruleSet.retroHunt && sweeps.length > 0) {
      const retro = retroFollowUps(
        ruleSet.retroHunt,
        ruleSet.version,
        sweeps.map(({ sweep }) => sweep),
        found,
        now,
      ).map(({ decision, sweep }) => ({ index: sweeps[sweep]!.index, decision }));
      followUps.push(...retro);
      if (retro.length > 0)
        await memory.settle({ outcomes: [], sweeps: [], raises: raisesOf(retro) });
    }
  }
  return { decided, duplicates, followUps, late: arrivals.length, unreadable };
}
