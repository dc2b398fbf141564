import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { DECISION_OUTCOMES } from '@vigil/events';
import { compileRuleSet, type RuleHit, type RuleSet } from '@vigil/rules';
import type { RuleHits } from './compute-hits.ts';
import { eventsOfParts, historyFromBuffer } from './history-buffer.ts';
import { redeliveryCheck } from './replay-rule-set.ts';
import { ReplayHitsComputation } from './replay-state/replay-hits.ts';
import type { RecordedEvent } from './recorded-event.ts';
import type { SharedRule } from './shared-rules.ts';

export const sharedRule = z.object({
  at: z.tuple([z.number().int(), z.number().int()]),
  sides: z.number().int().min(1).max(3),
}) satisfies z.ZodType<SharedRule>;

/**
 * A worker's share of the shared rules (computed once for both sets, see compute-hits.ts), as
 * one message. Compiled rules are functions and cannot cross threads: both sets travel as
 * their validated documents and are compiled again on the worker's side.
 */
export const hitsJob = z.object({
  kind: z.literal('hits'),
  /** Baseline and candidate `RuleSet.document`s. */
  ruleSets: z.tuple([z.unknown(), z.unknown()]),
  /** What each compiled set's fingerprint must be: the worker replays the sets it was given. */
  fingerprints: z.tuple([z.string().min(1), z.string().min(1)]),
  rules: z.array(sharedRule),
  /** How many events the history holds: they follow in `historyPart` messages, in order. */
  events: z.number().int().nonnegative(),
  /** The events the history holds more than once (`redeliveredKeys`): the only ones to remember for dedupe. */
  redelivered: z.array(z.string()),
});
export type HitsJob = z.infer<typeof hitsJob>;

/**
 * A part of the history for the hits job before it (history-buffer.ts), in the order to replay
 * it. Not answered: the job is, once its last part is replayed.
 */
export const historyPart = z.object({
  kind: z.literal('history'),
  part: z.instanceof(SharedArrayBuffer),
});
export type HistoryPart = z.infer<typeof historyPart>;

export const ruleHit = z.object({
  score: z.number().optional(),
  message: z.string(),
  observed: z.union([z.number(), z.string()]).optional(),
  threshold: z.union([z.number(), z.string()]).optional(),
  forcedOutcome: z.enum(DECISION_OUTCOMES).optional(),
  temporaryLock: z
    .object({
      scope: z.enum(['account', 'account_ip']),
      accountId: z.string(),
      ip: z.string().optional(),
      durationMs: z.number(),
    })
    .optional(),
}) satisfies z.ZodType<RuleHit>;

/** What a worker answers a hits job with. */
export const ruleHits = z.object({
  events: z.array(z.number().int().nonnegative()),
  rules: z.array(z.number().int().nonnegative()),
  hits: z.array(ruleHit),
  duplicates: z.array(z.number().int().nonnegative()),
  used: z.array(z.tuple([z.string(), z.number().int()])),
  conflicts: z.array(z.string()),
}) satisfies z.ZodType<RuleHits>;

export function hitsJobOf(
  sets: readonly [RuleSet, RuleSet],
  rules: readonly SharedRule[],
  history: { events: number; redelivered: string[] },
): HitsJob {
  return {
    kind: 'hits',
    ruleSets: [sets[0].document, sets[1].document],
    fingerprints: [sets[0].fingerprint, sets[1].fingerprint],
    rules: rules.map(({ at, sides }) => ({ at, sides })),
    ...history,
  };
}

function invalidJob(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `hits job: ${message}`, { retryable: false });
}

/** What a hits job leaves in its worker, for the job that follows it (decide-job.ts, replay-job.ts). */
export interface HitsReplayed {
  sets: readonly [RuleSet, RuleSet];
  /** The history in order, parsed again from its parts on each iteration (`eventsOfParts`). */
  events: Iterable<RecordedEvent>;
  /** Whether the history holds an event more than once (`redeliveredIn`). */
  redelivered: (accountId: string, eventId: string) => boolean;
}

/** A hits job under way in this thread: its history arrives in parts (`historyPart`). */
export class HitsJobRun {
  /** The parts replayed so far: kept, not their events (see `eventsOfParts`). */
  private readonly parts: SharedArrayBuffer[] = [];
  private added = 0;

  private constructor(
    private readonly sets: readonly [RuleSet, RuleSet],
    private readonly expected: number,
    private readonly hits: ReplayHitsComputation,
    private readonly redelivered: (accountId: string, eventId: string) => boolean,
  ) {}

  /** Starts a hits job: what a replay worker does with one. */
  static start(data: unknown): HitsJobRun {
    const parsed = hitsJob.safeParse(data);
    if (!parsed.success) throw invalidJob(parsed.error.message);
    const job = parsed.data;
    const sets = job.ruleSets.map((document, side) => {
      const ruleSet = compileRuleSet(document, 'hits job');
      if (ruleSet.fingerprint !== job.fingerprints[side])
        throw invalidJob(
          `the rule set compiled to ${ruleSet.fingerprint}, not ${job.fingerprints[side]}`,
        );
      return ruleSet;
    }) as [RuleSet, RuleSet];
    for (const { at } of job.rules)
      if (!at.some((index, side) => index >= 0 && index < sets[side]!.rules.length))
        throw invalidJob(`rule ${at.join()} is in neither set`);
    const redelivered = redeliveryCheck(job.redelivered);
    return new HitsJobRun(
      sets,
      job.events,
      new ReplayHitsComputation(sets, job.rules, redelivered),
      redelivered,
    );
  }

  /** Whether every event of the history has been replayed. */
  get complete(): boolean {
    return this.added === this.expected;
  }

  /** Replays the next part of the history. */
  add(data: unknown): void {
    const parsed = historyPart.safeParse(data);
    if (!parsed.success) throw invalidJob(parsed.error.message);
    const events = historyFromBuffer(parsed.data.part);
    if (this.added + events.length > this.expected)
      throw invalidJob(`more than the ${this.expected} events announced`);
    this.added += events.length;
    this.parts.push(parsed.data.part);
    this.hits.add(events);
  }

  /** The hits found, and what the next job needs (once `complete`). */
  result(): HitsReplayed & { found: RuleHits } {
    const parts = this.parts;
    return {
      sets: this.sets,
      events: { [Symbol.iterator]: () => eventsOfParts(parts) },
      redelivered: this.redelivered,
      found: this.hits.found(),
    };
  }
}
