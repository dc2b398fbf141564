import type { RiskDecision, ScoredEvent } from '@vigil/events';
import { contextOf } from './decision-context.ts';
import type { Evaluation } from './evaluate.ts';
import { handled } from './handled-promise.ts';
import { eventTime } from './event-view.ts';
import type { FeatureRequest } from './feature-request.ts';
import type { FeatureStore } from './feature-store.ts';
import {
  rememberedPayload,
  type EventMemory,
  type MemoryItem,
  type RecordResult,
  type RememberedEvent,
} from './follow-ups/event-memory.ts';
import { revisitLaterEvents, type LateArrival } from './follow-ups/late-events.ts';
import {
  belatedSweeps,
  entityUses,
  retroFollowUps,
  triggeredSweeps,
  type PlannedSweep,
} from './follow-ups/retro-hunt.ts';
import { encodeUseContext } from './follow-ups/use-context.ts';
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
  /**
   * Events recorded after later events of other accounts on an entity whose shared state they
   * write (a failed sign-in from an IP others signed in from since): those were evaluated again.
   */
  lateForOthers: number;
  /** Remembered events that no longer parse (dropped from revisits). */
  unreadable: number;
}

/**
 * What the event memory records of a batch (before it is decided). `payloadOf` is what each
 * event is remembered as (`rememberedPayload`); a memory that keeps no payloads (a replay in
 * event-time order, see InMemoryEventMemory) may be given empty ones. `keepUsesFrom` is the whole
 * batch's earliest event time when `events` is only a part of it. `requests`, each event's
 * planned feature requests, tell which entities' shared state it writes (EntityUse.writesShared):
 * the engine's recording passes them, a replay in event-time order need not.
 */
export function memoryItems(
  ruleSet: RuleSet,
  events: readonly BatchEvent[],
  payloadOf: (scored: ScoredEvent) => string = rememberedPayload,
  keepUsesFrom: number = earliestEventTime(events),
  requests?: readonly (readonly FeatureRequest[])[],
): MemoryItem[] {
  return events.map(({ scored }, i) => {
    const uses = entityUses(ruleSet, scored, requests?.[i]);
    return {
      accountId: scored.event.accountId,
      eventId: scored.event.eventId,
      at: eventTime(scored),
      payload: payloadOf(scored),
      uses,
      ...(uses.length > 0 ? { useContext: encodeUseContext(contextOf(scored)) } : {}),
      useRetentionMs: ruleSet.retroHunt?.retentionMs ?? 0,
      keepUsesFrom,
    };
  });
}

/** The batch's earliest event time: every use from it on is kept (MemoryItem.keepUsesFrom). */
export function earliestEventTime(events: readonly BatchEvent[]): number {
  let earliest = Infinity;
  for (const { scored } of events) earliest = Math.min(earliest, eventTime(scored));
  return earliest;
}

/**
 * A settled batch whose last event-memory write may still be in flight: `batch` is final (no
 * reply of that write is needed to decide or follow up), `written` settles once the write has
 * (it rejects if the write failed, and carries a handler, so a failure before the caller waits
 * for it is not an unhandled rejection). The batch is durable only once `written` resolved.
 */
export interface SettlingBatch {
  batch: DecidedBatch;
  written: Promise<void>;
}

/**
 * What later knowledge changes once a batch is evaluated and recorded (`recorded`: what
 * `memory.record(memoryItems(…))` returned): earlier-decided events revisited when a late one
 * arrived, and the accounts that used an entity a rule just found bad swept for retro-hunt
 * follow-ups. `evaluated` holds each event's decision by position, or 'duplicate'.
 */
export function settleBatch(...args: Parameters<typeof settleBatchWriting>): Promise<DecidedBatch> {
  return whenWritten(settleBatchWriting(...args));
}

/** The batch of a SettlingBatch once its last event-memory write went through. */
export async function whenWritten(settling: Promise<SettlingBatch>): Promise<DecidedBatch> {
  const { batch, written } = await settling;
  await written;
  return batch;
}

/**
 * settleBatch without waiting for its last event-memory write when nothing depends on the
 * reply (the outcomes of flagged decisions, the follow-ups' raises): the engine waits for it
 * together with the batch's other effects, one Redis round trip instead of two in a row.
 */
export async function settleBatchWriting(
  deps: { ruleSet: RuleSet; store: FeatureStore; memory: EventMemory; now: number },
  events: readonly BatchEvent[],
  evaluated: readonly (DecidedEvent | 'duplicate')[],
  recorded: readonly RecordResult[],
): Promise<SettlingBatch> {
  const { ruleSet, store, memory, now } = deps;
  const duplicates: number[] = [];
  const decided: DecidedEvent[] = [];
  evaluated.forEach((entry, index) => {
    if (entry === 'duplicate') duplicates.push(index);
    else decided.push(entry);
  });

  // A late event: its account had decided later ones, or other accounts' later uses of an entity
  // it counts on, which it may change.
  const batchEventIds = new Set(events.map(({ scored }) => scored.event.eventId));
  const notInBatch = (e: RememberedEvent) => !batchEventIds.has(e.eventId);
  let late = 0;
  let lateForOthers = 0;
  const arrivals: (LateArrival & { index: number })[] = decided.flatMap(({ scored, index }) => {
    const own = recorded[index]!.later?.filter(notInBatch) ?? [];
    const others = recorded[index]!.othersLater.filter(notInBatch);
    if (own.length > 0) late += 1;
    if (others.length > 0) lateForOthers += 1;
    const after = others.length === 0 ? own : [...own, ...others];
    return after.length > 0 ? [{ event: scored, later: after, index }] : [];
  });
  const followUps: FollowUp[] = [];
  // Evaluations whose trigger rules sweep, each with the batch event the sweep travels with.
  const triggering = decided.map(({ scored, evaluation, index }) => ({
    event: scored,
    evaluation,
    origin: events[index]!.origin,
    batchIndex: index,
  }));
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
    const arrivalOf = (trigger: ScoredEvent) => arrivals.find((a) => a.event === trigger)!;
    for (const followUp of revisited.followUps) {
      followUps.push({
        index: arrivalOf(followUp.trigger).index,
        decision: followUp.decision,
        revisited: followUp.revisited,
      });
    }
    // An event decided again sweeps where its trigger rule fires now: in event order its own
    // decision would have (a threshold crossed on it once the late event counts).
    for (const { revisited: event, evaluation, trigger } of revisited.revisits) {
      const { index } = arrivalOf(trigger);
      const origin = `${events[index]!.origin}#revisit#${event.event.eventId}`;
      triggering.push({ event, evaluation, origin, batchIndex: index });
    }
  }

  // Uses swept past before they were recorded first: the earlier sweep is the one that missed them.
  const sweeps: { sweep: PlannedSweep; index: number }[] = decided.flatMap(({ scored, index }) =>
    belatedSweeps(scored.event.accountId, events[index]!.origin, recorded[index]!.belated).map(
      (sweep) => ({ sweep, index }),
    ),
  );
  // In event time (the batch's decisions are in it already; revisited events fall among them).
  const triggered = triggeredSweeps(ruleSet, triggering).sort(
    (a, b) => a.sweep.request.until - b.sweep.request.until,
  );
  for (const { sweep, index } of triggered)
    sweeps.push({ sweep, index: triggering[index]!.batchIndex });
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
  let written: Promise<unknown> = Promise.resolve();
  if (outcomes.length > 0 || sweeps.length > 0 || followUps.length > 0) {
    const settling = memory.settle({
      outcomes,
      sweeps: sweeps.map(({ sweep }) => sweep.request),
      raises: raisesOf(followUps),
    });
    written = settling;
    // Only sweeps need the reply (the accounts they found), before anything else is decided.
    if (ruleSet.retroHunt && sweeps.length > 0) {
      const found = await settling;
      const retro = retroFollowUps(
        ruleSet.retroHunt,
        ruleSet.version,
        sweeps.map(({ sweep }) => sweep),
        found,
        now,
      ).map(({ decision, sweep }) => ({ index: sweeps[sweep]!.index, decision }));
      followUps.push(...retro);
      written =
        retro.length > 0
          ? memory.settle({ outcomes: [], sweeps: [], raises: raisesOf(retro) })
          : Promise.resolve();
    }
  }
  const done = handled(written.then(() => undefined));
  return {
    batch: { decided, duplicates, followUps, late, lateForOthers, unreadable },
    written: done,
  };
}
