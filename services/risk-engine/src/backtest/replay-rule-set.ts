import type { RiskDecision } from '@vigil/events';
import {
  decideBatch,
  eventTime,
  InMemoryEventMemory,
  InMemoryFeatureStore,
  type DecidedBatch,
  type RuleSet,
} from '@vigil/rules';
import type { RecordedEvent } from './recorded-event.ts';

export interface Replay {
  /** Decisions of the measured events (event time ≥ measureFrom), follow-ups included. */
  decisions: RiskDecision[];
  /** Events that only built state (before measureFrom). */
  warmup: number;
  measured: number;
  /** Deliveries the feature store recognised as an eventId seen before (no second decision). */
  duplicates: number;
}

/**
 * Replays recorded history through one rule set on the engine's own decision path
 * (`decideBatch` of @vigil/rules) and its in-memory reference stores — the models the Redis
 * stores are tested against, so windows, dedupe, sequence rules and retro-hunts mean what they
 * mean in production. Events are decided one at a time in the order given (event-time order:
 * nothing is late), each "now" being its own event time, so the result is a function of the
 * history and the rule set alone. Events before `measureFrom` only warm the state up.
 */
export async function replayRuleSet(
  ruleSet: RuleSet,
  events: Iterable<RecordedEvent>,
  measureFrom: number,
  /** Whether the history holds an event more than once; read from `events` when not given. */
  redelivered = redeliveredIn(events),
): Promise<Replay> {
  // Sorted history: nothing is late, and only events held more than once can be replayed.
  const store = new InMemoryFeatureStore({ redelivered });
  const memory = new InMemoryEventMemory({ inEventTimeOrder: true });
  return replayInOrder(events, measureFrom, (recorded, _index, at) =>
    decideBatch({ ruleSet, store, memory, now: at }, [recorded]),
  );
}

/**
 * Decides the events one at a time in the order given, each "now" being its own event time;
 * keeps the decisions (follow-ups included) of events at or after `measureFrom`.
 */
export async function replayInOrder(
  events: Iterable<RecordedEvent>,
  measureFrom: number,
  decide: (recorded: RecordedEvent, index: number, at: number) => Promise<DecidedBatch>,
): Promise<Replay> {
  const decisions: RiskDecision[] = [];
  let warmup = 0;
  let measured = 0;
  let duplicates = 0;
  let index = 0;
  for (const recorded of events) {
    const at = eventTime(recorded.scored);
    const batch = await decide(recorded, index, at);
    index += 1;
    duplicates += batch.duplicates.length;
    if (at < measureFrom) {
      warmup += 1;
      continue;
    }
    measured += 1;
    for (const { decision } of batch.decided) decisions.push(decision);
    for (const { decision } of batch.followUps) decisions.push(decision);
  }
  return { decisions, warmup, measured, duplicates };
}

const dedupeKey = (accountId: string, eventId: string) => `${accountId}\u0000${eventId}`;

/**
 * Which events (account and event id) the history holds more than once: the only ones a
 * feature store replaying it needs to remember for dedupe (InMemoryFeatureStore's option).
 */
export function redeliveredIn(
  events: Iterable<RecordedEvent>,
): (accountId: string, eventId: string) => boolean {
  return redeliveryCheck(redeliveredKeys(events));
}

/** The keys of the events the history holds more than once (usually none), as a worker receives them. */
export function redeliveredKeys(events: Iterable<RecordedEvent>): string[] {
  const once = new Set<string>();
  const again = new Set<string>();
  for (const { scored } of events) {
    const key = dedupeKey(scored.event.accountId, scored.event.eventId);
    if (once.has(key)) again.add(key);
    else once.add(key);
  }
  return [...again];
}

/** `redeliveredIn` from the keys `redeliveredKeys` gave. */
export function redeliveryCheck(
  keys: readonly string[],
): (accountId: string, eventId: string) => boolean {
  const again = new Set(keys);
  return (accountId, eventId) => again.size > 0 && again.has(dedupeKey(accountId, eventId));
}
