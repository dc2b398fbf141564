import { z } from 'zod';
import { classifyError, VigilError } from '@vigil/errors';
import { runDecideJob } from './decide-job.ts';
import { runHitsJob, type HitsReplayed } from './hits-job.ts';
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

const jobKind = z.object({ kind: z.enum(['hits', 'decide', 'replay']) });

/**
 * A worker's jobs, one at a time: a hits job, then the decide job that uses what it left, or a
 * whole replay. `done` once nothing more can follow (a decide or replay job, or a failure).
 */
export class WorkerJobs {
  private replayed: HitsReplayed | undefined;
  done = false;

  /** Runs a job; errors become data (a thrown error loses its code crossing threads). */
  async outcome(data: unknown): Promise<WorkerOutcome> {
    try {
      const job = jobKind.safeParse(data);
      if (!job.success)
        throw new VigilError('INVALID_REPLAY_JOB', `worker job: ${job.error.message}`, {
          retryable: false,
        });
      switch (job.data.kind) {
        case 'hits': {
          const { found, ...replayed } = await runHitsJob(data);
          this.replayed = replayed;
          return { ok: true, answer: found };
        }
        case 'decide':
          this.done = true;
          return { ok: true, answer: await runDecideJob(data, this.replayed) };
        case 'replay':
          this.done = true;
          return { ok: true, answer: await runReplayJob(data) };
      }
    } catch (error) {
      this.done = true;
      const { code, retryable, message } = classifyError(error);
      return { ok: false, code, message, retryable };
    }
  }
}
