import { parentPort } from 'node:worker_threads';
import { replayJobOutcome } from './replay-job.ts';

// A worker thread's entry point (built as dist/backtest/replay-worker.js): like main.ts it sets
// itself up when loaded. It replays the one job (a ReplayJob) it is sent and posts the outcome;
// then nothing keeps it alive and it exits.
const port = parentPort;
if (!port) throw new Error('replay-worker runs as a worker thread (see replay-in-worker.ts)');
port.once('message', (job: unknown) => {
  void replayJobOutcome(job).then((outcome) => port.postMessage(outcome));
});
