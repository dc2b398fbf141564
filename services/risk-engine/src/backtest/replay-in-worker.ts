import { Worker } from 'node:worker_threads';
import { VigilError } from '@vigil/errors';
import { replayOutcome, type ReplayJob } from './replay-job.ts';
import type { Replay } from './replay-rule-set.ts';
import { replayWorkerEntry } from './replay-worker-entry.ts';

/** A worker thread that replays one job. */
export interface ReplayWorker {
  /** Sends the job; resolves with its replay. */
  replay(job: ReplayJob): Promise<Replay>;
}

function workerFailed(message: string, cause?: unknown): VigilError {
  return new VigilError('BACKTEST_WORKER_FAILED', `replay worker: ${message}`, {
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Starts a worker thread that will replay one rule set, so the baseline and the candidate use
 * two cores. It loads its code while the caller prepares the job. There is no in-thread
 * fallback: a worker that cannot start, fails or answers something unexpected fails the
 * replay with BACKTEST_WORKER_FAILED (or the job's own error code). Aborting `signal` stops the
 * worker (e.g. the other replay failed: this answer is not needed).
 */
export function startReplayWorker(signal: AbortSignal): ReplayWorker {
  const entry = replayWorkerEntry();
  const worker = new Worker(entry.script, { eval: entry.eval });
  signal.addEventListener('abort', () => void worker.terminate(), { once: true });
  const answer = new Promise<Replay>((resolve, reject) => {
    let settled = false;
    const fail = (error: VigilError) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    worker.once('message', (message: unknown) => {
      const parsed = replayOutcome.safeParse(message);
      if (!parsed.success) return fail(workerFailed(`unexpected answer: ${parsed.error.message}`));
      const outcome = parsed.data;
      if (!outcome.ok)
        return fail(
          new VigilError(outcome.code, outcome.message, { retryable: outcome.retryable }),
        );
      settled = true;
      resolve(outcome.replay);
    });
    worker.once('error', (error) => fail(workerFailed(error.message, error)));
    // After its answer the worker exits on its own; an exit before one is a failure.
    worker.once('exit', (code) => fail(workerFailed(`exited with code ${code} before answering`)));
  });
  // Handled where replay() is awaited; this keeps a failure before then from going unhandled.
  answer.catch(() => undefined);
  return {
    replay(job) {
      worker.postMessage(job);
      return answer;
    },
  };
}
