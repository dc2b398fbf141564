import { buildDecision } from './decision.ts';
import { evaluate } from './evaluate.ts';
import { eventTime } from './event-view.ts';
import { planEvent } from './event-plan.ts';
import type { FeatureStore } from './feature-store.ts';
import { handled } from './handled-promise.ts';
import type { EventMemory, RecordResult } from './follow-ups/event-memory.ts';
import type { RuleSet } from './rule-set.ts';
import {
  earliestEventTime,
  memoryItems,
  settleBatchWriting,
  whenWritten,
  type BatchEvent,
  type DecidedBatch,
  type DecidedEvent,
  type SettlingBatch,
} from './settle-batch.ts';

export type {
  BatchEvent,
  DecidedBatch,
  DecidedEvent,
  FollowUp,
  SettlingBatch,
} from './settle-batch.ts';

export interface DecideBatchDeps {
  ruleSet: RuleSet;
  store: FeatureStore;
  memory: EventMemory;
  now: number;
  /** Events per store call (default STORE_CHUNK_EVENTS). */
  storeChunk?: number;
}

/**
 * Events per feature-store call. A batch goes out in several calls, one after the other without
 * waiting for their answers, so the store works on one chunk while the next is planned and
 * encoded and the one before is evaluated; one call for a whole backlog batch would leave them
 * taking turns. Between two chunks the thread is handed back to waiting I/O (yieldTurn).
 */
export const STORE_CHUNK_EVENTS = 32;

/**
 * Decides a batch of events given in event-time order — the one decision path of the engine and
 * of offline detection: features for all of them (each as of its own time) in store calls of
 * STORE_CHUNK_EVENTS made back to back, each chunk's events remembered right behind its call,
 * pure evaluation of each chunk as it returns, then what later knowledge changes: events
 * remembered with their outcomes and the entities they used, earlier-decided events revisited
 * when a late one arrives, and the accounts that used an entity a rule just found bad swept for
 * retro-hunt follow-ups. Every write is idempotent on the event (and its delivery), so a retried
 * batch decides the same and raises the same follow-ups.
 */
export function decideBatch(
  deps: DecideBatchDeps,
  events: readonly BatchEvent[],
): Promise<DecidedBatch> {
  return whenWritten(decideBatchWriting(deps, events));
}

/**
 * decideBatch, resolved as soon as the decisions and follow-ups are final: the event memory's
 * last write (outcomes of flagged decisions, follow-ups' raises) may still be in flight, and
 * the batch is durable once `written` resolves (see settleBatchWriting). The engine waits for it
 * with the batch's other effects.
 */
export async function decideBatchWriting(
  deps: DecideBatchDeps,
  events: readonly BatchEvent[],
): Promise<SettlingBatch> {
  const { ruleSet, store, memory, now } = deps;
  const chunk = Math.max(1, deps.storeChunk ?? STORE_CHUNK_EVENTS);
  const keepUsesFrom = earliestEventTime(events);
  // Evaluations by position: a chunk is evaluated as soon as its features are back, while the
  // store still works on the next chunks (the store applies calls in the order they are made).
  const evaluated = new Array<DecidedEvent | 'duplicate'>(events.length);
  const chunks: Promise<void>[] = [];
  const recordings: Promise<RecordResult[]>[] = [];
  for (let start = 0; start < events.length; start += chunk) {
    // Between chunks the thread is handed back (yieldTurn): planning and encoding a whole backlog
    // batch in one go held it for tens of ms, and the previous batch's transaction, committing
    // meanwhile, waited that long for each of its replies.
    if (start > 0) await yieldTurn();
    const part = events.slice(start, start + chunk);
    const plans = part.map(({ scored }) => planEvent(ruleSet, scored));
    const sent = store.computeBatch(
      part.map(({ scored, origin }, i) => ({
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: eventTime(scored),
        requests: plans[i]!.requests,
        origin,
        plan: ruleSet.fingerprint,
      })),
    );
    // Marked handled: a chunk's call may fail while the next chunk is still being planned (after
    // a yieldTurn), and is only waited for once every call of the batch was made.
    chunks.push(
      handled(
        sent.then((results) =>
          part.forEach(({ scored }, i) => {
            const result = results[i]!;
            // Delivered again upstream (same eventId, another offset): one decision per eventId.
            if (result.duplicate) {
              evaluated[start + i] = 'duplicate';
              return;
            }
            const plan = plans[i]!;
            const evaluation = evaluate(scored, result.values, ruleSet, now, plan.rules, plan.ctx);
            const decision = buildDecision(scored, evaluation);
            evaluated[start + i] = { index: start + i, scored, evaluation, decision };
          }),
        ),
      ),
    );
    // The chunk's events remembered right behind their features (other keys: recording an event
    // needs no decision), in event order like the features.
    const requests = plans.map((plan) => plan.requests);
    recordings.push(
      handled(memory.record(memoryItems(ruleSet, part, undefined, keepUsesFrom, requests))),
    );
  }
  const recorded = await everySettled(recordings, chunks);
  return settleBatchWriting(deps, events, evaluated, recorded);
}

/**
 * Lets the I/O that waited (replies of a transaction committing, fetch responses) run before
 * the next chunk is planned: a macrotask, as a promise continuation would run before any of it.
 */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The recording's result once every call of the batch has settled; else the first failure, also
 * only once every call has settled. A batch that fails is sent again whole, and calls of this
 * attempt still in flight (a Redis client re-sending a pipeline on its own after a failover)
 * would then reach the store after the retry's calls for the same state: later events applied
 * before earlier ones, which a bucket holding only a sum cannot split exactly (what we believe
 * decided events of a BIN attack with counts up to 7 short in a CI run of 2026-12-05: the Redis
 * Cluster test's batch that met a killed primary, retried while ioredis still re-sent its
 * pipelines).
 */
async function everySettled(
  recordings: readonly Promise<RecordResult[]>[],
  chunks: readonly Promise<void>[],
): Promise<RecordResult[]> {
  const [features, memory] = await Promise.all([
    Promise.allSettled(chunks),
    Promise.allSettled(recordings),
  ]);
  // Features first: their failure is the one a retry reports.
  for (const outcome of features) if (outcome.status === 'rejected') throw outcome.reason;
  const recorded: RecordResult[] = [];
  for (const outcome of memory) {
    if (outcome.status === 'rejected') throw outcome.reason;
    recorded.push(...outcome.value);
  }
  return recorded;
}
