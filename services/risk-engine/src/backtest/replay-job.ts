import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { riskDecision } from '@vigil/events';
import { compileRuleSet, type RuleSet } from '@vigil/rules';
import { historyFromBuffer } from './history-buffer.ts';
import { replayRuleSet, type Replay } from './replay-rule-set.ts';

/**
 * One rule set's whole replay as a worker thread receives it (one message): what the backtest
 * falls back to when the rule sets cannot share features (run-backtest.ts). Compiled rules are
 * functions and cannot cross threads, so the rule set travels as its validated document.
 */
export const replayJob = z.object({
  kind: z.literal('replay'),
  /** `RuleSet.document`: compiled again on the worker's side. */
  ruleSet: z.unknown(),
  /** What the compiled set's fingerprint must be: the worker replays the set it was given. */
  fingerprint: z.string().min(1),
  /** The history in the order to replay it (history-buffer.ts). */
  history: z.instanceof(SharedArrayBuffer),
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

export function replayJobOf(
  ruleSet: RuleSet,
  history: SharedArrayBuffer,
  measureFrom: number,
): ReplayJob {
  return {
    kind: 'replay',
    ruleSet: ruleSet.document,
    fingerprint: ruleSet.fingerprint,
    history,
    measureFrom,
  };
}

function invalidJob(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', `replay job: ${message}`, { retryable: false });
}

/** Runs a job in this thread: what a replay worker does with the job it is sent. */
export async function runReplayJob(data: unknown): Promise<Replay> {
  const parsed = replayJob.safeParse(data);
  if (!parsed.success) {
    throw invalidJob(parsed.error.message);
  }
  const job = parsed.data;
  const ruleSet = compileRuleSet(job.ruleSet, 'replay job');
  if (ruleSet.fingerprint !== job.fingerprint) {
    throw invalidJob(`the rule set compiled to ${ruleSet.fingerprint}, not ${job.fingerprint}`);
  }
  return replayRuleSet(ruleSet, historyFromBuffer(job.history), job.measureFrom);
}
