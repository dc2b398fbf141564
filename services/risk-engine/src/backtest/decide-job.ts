import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import type { RuleHit } from '@vigil/rules';
import { decideFromHits, type HitsByEvent } from './decide-from-hits.ts';
import { ruleHit, sharedRule, type HitsReplayed } from './hits-job.ts';
import type { Replay } from './replay-rule-set.ts';

/**
 * The second job of a worker that ran a hits job: one set's decisions from every worker's hits,
 * made on the history and rule sets the worker already holds (each worker decides one set, so
 * the two are decided in parallel).
 */
export const decideJob = z.object({
  kind: z.literal('decide'),
  /** 0: the baseline, 1: the candidate. */
  side: z.union([z.literal(0), z.literal(1)]),
  /** Every shared rule: `hits.rules` are positions in it. */
  rules: z.array(sharedRule),
  hits: z.object({
    events: z.array(z.number().int().nonnegative()),
    rules: z.array(z.number().int().nonnegative()),
    hits: z.array(ruleHit),
  }),
  duplicates: z.array(z.number().int().nonnegative()),
  measureFrom: z.number(),
});
export type DecideJob = z.infer<typeof decideJob>;

function invalidJob(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `decide job: ${message}`, { retryable: false });
}

/** Runs a decide job in this thread, on what the worker's hits job left (`replayed`). */
export async function runDecideJob(
  data: unknown,
  replayed: HitsReplayed | undefined,
): Promise<Replay> {
  const parsed = decideJob.safeParse(data);
  if (!parsed.success) throw invalidJob(parsed.error.message);
  if (!replayed) throw invalidJob('no hits job ran in this worker before');
  const job = parsed.data;
  const hits = new Map<number, [number, RuleHit][]>();
  const { events, rules } = job.hits;
  events.forEach((event, i) => {
    const rule = rules[i]!;
    if (rule >= job.rules.length) throw invalidJob(`hit of rule ${rule}, of ${job.rules.length}`);
    const entry: [number, RuleHit] = [rule, job.hits.hits[i]!];
    const list = hits.get(event);
    if (list) list.push(entry);
    else hits.set(event, [entry]);
  });
  return decideFromHits({
    ruleSet: replayed.sets[job.side],
    side: job.side,
    rules: job.rules,
    hits: hits satisfies HitsByEvent,
    duplicates: new Set(job.duplicates),
    events: replayed.events,
    measureFrom: job.measureFrom,
  });
}
