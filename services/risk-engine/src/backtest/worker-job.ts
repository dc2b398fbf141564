import { z } from 'zod';
import { classifyError, VigilError } from '@vigil/errors';
import { runDecideJob } from './decide-job.ts';
import { HitsJobRun, type HitsReplayed } from './hits-job.ts';
import { runReplayJob } from './replay-job.ts';

/** What a worker posts back: its answer to the job (validated by the side that sent it), or the error that stopped it. */
export const workerOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), answer: z.unknown() }),
  z.object({
    ok: z.literal(false),
    code: z.string().min(1),
    message: z.string(),
    retryable: z.boolean(),
  }),
]);
export type WorkerOutcome = z.infer<typeof workerOutcome>;

const jobKind = z.object({ kind: z.enum(['hits', 'history', 'decide', 'replay']) });

/**
 * A worker's jobs, one at a time: a hits job (answered once the parts of the history that
 * follow it are replayed), then the decide job that uses what it left, or a whole replay on it.
 * `done` once nothing more can follow (a decide or replay job, or a failure).
 */
export class WorkerJobs {
  private hits: HitsJobRun | undefined;
  private replayed: HitsReplayed | undefined;
  private last: Promise<unknown> = Promise.resolve();
  done = false;

  /**
   * Handles a message, after the ones before it (a part of the history is replayed before the
   * next is read); resolves with the outcome to post, if any: a part of the history is not
   * answered unless it completes its hits job. Errors become data (a thrown error loses its code
   * crossing threads); after one, the messages still queued are ignored.
   */
  outcome(data: unknown): Promise<WorkerOutcome | undefined> {
    const next = this.last.then(() => (this.done ? undefined : this.handle(data)));
    this.last = next;
    return next;
  }

  private async handle(data: unknown): Promise<WorkerOutcome | undefined> {
    try {
      const job = jobKind.safeParse(data);
      if (!job.success) throw invalidJob(`worker job: ${job.error.message}`);
      switch (job.data.kind) {
        case 'hits':
          this.hits = HitsJobRun.start(data);
          return this.answerHits();
        case 'history':
          if (!this.hits) throw invalidJob('a part of the history without a hits job');
          this.hits.add(data);
          return this.answerHits();
        case 'decide':
          this.done = true;
          return { ok: true, answer: await runDecideJob(data, this.replayed) };
        case 'replay':
          this.done = true;
          return { ok: true, answer: await runReplayJob(data, this.replayed) };
      }
    } catch (error) {
      this.done = true;
      const { code, retryable, message } = classifyError(error);
      return { ok: false, code, message, retryable };
    }
  }

  /** The hits job's answer once its whole history is replayed; nothing before. */
  private answerHits(): WorkerOutcome | undefined {
    if (!this.hits?.complete) return undefined;
    const { found, ...replayed } = this.hits.result();
    this.hits = undefined;
    this.replayed = replayed;
    return { ok: true, answer: found };
  }
}

function invalidJob(message: string): VigilError {
  return new VigilError('INVALID_REPLAY_JOB', message, { retryable: false });
}
