import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { riskDecision } from '@vigil/events';
import type { HitsReplayed } from './hits-job.ts';
import { replayRuleSet, type Replay } from './replay-rule-set.ts';

/**
 * One rule set's whole replay, the second job of a worker that ran a hits job (on the history
 * and rule sets that job left): what the backtest falls back to when the rule sets cannot share
 * features (run-backtest.ts).
 */
export const replayJob = z.object({
  kind: z.literal('replay'),
  /** 0: the baseline, 1: the candidate. */
  side: z.union([z.literal(0), z.literal(1)]),
  measureFrom: z.number(),
});
export type ReplayJob = z.infer<typeof replayJob>;

/** What a worker answers a replay job with. */
export const replayAnswer = z.object({
  decisions: z.array(riskDecision),
  warmup: z.number().int().nonnegative(),
  measured: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});

function invalidJob(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `replay job: ${message}`, { retryable: false });
}

/** Runs a replay job in this thread, on what the worker's hits job left (`replayed`). */
export async function runReplayJob(
  data: unknown,
  replayed: HitsReplayed | undefined,
): Promise<Replay> {
  const parsed = replayJob.safeParse(data);
  if (!parsed.success) throw invalidJob(parsed.error.message);
  if (!replayed) throw invalidJob('no hits job ran in this worker before');
  const { side, measureFrom } = parsed.data;
  return replayRuleSet(replayed.sets[side], replayed.events, measureFrom, replayed.redelivered);
}
