import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import { VigilError } from '@vigil/errors';
import type { DecideJob } from './decide-job.ts';
import type { HistoryPart, HitsJob } from './hits-job.ts';
import type { ReplayJob } from './replay-job.ts';
import { replayWorkerEntry } from './replay-worker-entry.ts';
import { workerOutcome } from './worker-job.ts';

/** A worker thread that runs jobs, one at a time. */
export interface ReplayWorker {
  /** Sends the job; resolves with its answer, validated with `answer`. */
  run<T>(job: HitsJob | DecideJob | ReplayJob, answer: z.ZodType<T>): Promise<T>;
  /** Sends a part of the history for the hits job under way (its answer comes after the last). */
  send(part: HistoryPart): void;
}

function workerFailed(message: string, cause?: unknown): VigilError {
  return new VigilError('BACKTEST_WORKER_FAILED', `replay worker: ${message}`, {
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Starts a worker thread for the backtest's jobs (replay-worker.ts), so it uses two cores. It
 * loads its code while the caller prepares the first job. There is no in-thread fallback: a
 * worker that cannot start, fails or answers something unexpected fails the backtest with
 * BACKTEST_WORKER_FAILED (or the job's own error code). Aborting `signal` stops the worker
 * (e.g. the other one failed, or its answers are not needed).
 */
export function startReplayWorker(signal: AbortSignal): ReplayWorker {
  const entry = replayWorkerEntry();
  const worker = new Worker(entry.script, { eval: entry.eval });
  signal.addEventListener('abort', () => void worker.terminate(), { once: true });
  let pending: { resolve(answer: unknown): void; reject(error: VigilError): void } | undefined;
  let failure: VigilError | undefined;
  const fail = (error: VigilError) => {
    failure ??= error;
    pending?.reject(failure);
    pending = undefined;
  };
  worker.on('message', (message: unknown) => {
    const answering = pending;
    pending = undefined;
    if (!answering) return fail(workerFailed('answered a job it was not sent'));
    const parsed = workerOutcome.safeParse(message);
    if (!parsed.success)
      return answering.reject(workerFailed(`unexpected answer: ${parsed.error.message}`));
    const outcome = parsed.data;
    if (outcome.ok) return answering.resolve(outcome.answer);
    answering.reject(
      new VigilError(outcome.code, outcome.message, { retryable: outcome.retryable }),
    );
  });
  worker.once('error', (error) => fail(workerFailed(error.message, error)));
  // After its last answer the worker exits on its own; an exit while a job waits is a failure.
  worker.once('exit', (code) => fail(workerFailed(`exited with code ${code} before answering`)));
  return {
    async run(job, schema) {
      if (failure) throw failure;
      if (pending) throw workerFailed('sent a job before answering the one before');
      const answer = new Promise<unknown>((resolve, reject) => {
        pending = { resolve, reject };
      });
      worker.postMessage(job);
      const parsed = schema.safeParse(await answer);
      if (!parsed.success) throw workerFailed(`unexpected answer: ${parsed.error.message}`);
      return parsed.data;
    },
    send(part) {
      // A failure is already the pending job's answer: the part would be ignored.
      if (!failure) worker.postMessage(part);
    },
  };
}
