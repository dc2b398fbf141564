import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { DECISION_OUTCOMES } from '@vigil/events';
import { compileRuleSet, type RuleHit, type RuleSet } from '@vigil/rules';
import { computeHits, type RuleHits } from './compute-hits.ts';
import { historyFromBuffer } from './history-buffer.ts';
import { redeliveredIn } from './replay-rule-set.ts';
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
  /** The history in the order to replay it (history-buffer.ts). */
  history: z.instanceof(SharedArrayBuffer),
});
export type HitsJob = z.infer<typeof hitsJob>;

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
  history: SharedArrayBuffer,
): HitsJob {
  return {
    kind: 'hits',
    ruleSets: [sets[0].document, sets[1].document],
    fingerprints: [sets[0].fingerprint, sets[1].fingerprint],
    rules: rules.map(({ at, sides }) => ({ at, sides })),
    history,
  };
}

function invalidJob(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `hits job: ${message}`, { retryable: false });
}

/** What a hits job leaves in its worker, for the decide job that follows it (decide-job.ts). */
export interface HitsReplayed {
  sets: readonly [RuleSet, RuleSet];
  events: readonly RecordedEvent[];
}

/** Runs a hits job in this thread: what a replay worker does with one. */
export async function runHitsJob(data: unknown): Promise<HitsReplayed & { found: RuleHits }> {
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
  const events = historyFromBuffer(job.history);
  const found = await computeHits(sets, job.rules, events, redeliveredIn(events));
  return { sets, events, found };
}
