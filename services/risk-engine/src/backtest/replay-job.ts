import { z } from 'zod';
import { classifyError, VigilError } from '@vigil/errors';
import { riskDecision } from '@vigil/events';
import { compileRuleSet, type RuleSet } from '@vigil/rules';
import { archiveLineOf, recordedEventOfLine, type RecordedEvent } from './recorded-event.ts';
import { replayRuleSet, type Replay } from './replay-rule-set.ts';

/**
 * One rule set's replay as a worker thread receives it (one message). Compiled rules are
 * functions and cannot cross threads, so the rule set travels as its validated document; the
 * history travels as one JSON string of archive lines, copied in one piece rather than as tens
 * of thousands of objects, and validated on arrival with the engine's schemas like an archive.
 */
export const replayJob = z.object({
  /** `RuleSet.document`: compiled again on the worker's side. */
  ruleSet: z.unknown(),
  /** What the compiled set's fingerprint must be: the worker replays the set it was given. */
  fingerprint: z.string().min(1),
  /** The history in the order to replay it (event-time order): a JSON array of archive lines. */
  history: z.string(),
  measureFrom: z.number(),
});
export type ReplayJob = z.infer<typeof replayJob>;

const replay = z.object({
  decisions: z.array(riskDecision),
  warmup: z.number().int().nonnegative(),
  measured: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
});

/** What a worker posts back: its replay, or the error that stopped it. */
export const replayOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), replay }),
  z.object({
    ok: z.literal(false),
    code: z.string().min(1),
    message: z.string(),
    retryable: z.boolean(),
  }),
]);
export type ReplayOutcome = z.infer<typeof replayOutcome>;

/** The history as a job carries it: made once, sent to every worker. */
export function historyText(history: readonly RecordedEvent[]): string {
  // One stringify of the whole array: a third of the time of one per event.
  return JSON.stringify(history.map(archiveLineOf));
}

export function replayJobOf(ruleSet: RuleSet, history: string, measureFrom: number): ReplayJob {
  return { ruleSet: ruleSet.document, fingerprint: ruleSet.fingerprint, history, measureFrom };
}

function historyOf(text: string): RecordedEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidJob('the history is not JSON');
  }
  const lines = z.array(z.unknown()).safeParse(json);
  if (!lines.success) throw invalidJob('the history is not a JSON array');
  return lines.data.map((line, index) => {
    const recorded = recordedEventOfLine(line);
    if (!recorded) throw invalidJob(`history entry ${index} is not an archived input event`);
    return recorded;
  });
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
  return replayRuleSet(ruleSet, historyOf(job.history), job.measureFrom);
}

/** The job's outcome as a message: errors become data (a thrown error loses its code crossing threads). */
export async function replayJobOutcome(data: unknown): Promise<ReplayOutcome> {
  try {
    return { ok: true, replay: await runReplayJob(data) };
  } catch (error) {
    const { code, retryable, message } = classifyError(error);
    return { ok: false, code, message, retryable };
  }
}
