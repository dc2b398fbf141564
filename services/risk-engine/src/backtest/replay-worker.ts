import { parentPort } from 'node:worker_threads';
import { WorkerJobs } from './worker-job.ts';

// A worker thread's entry point (built as dist/backtest/replay-worker.js): like main.ts it sets
// itself up when loaded. It runs the jobs it is sent one after the other (a hits job and the
// parts of the history, then a decide or a replay job) and posts each outcome; after the last
// one it closes its port, nothing keeps it alive and it exits.
const port = parentPort;
if (!port) throw new Error('replay-worker runs as a worker thread (see replay-in-worker.ts)');
const jobs = new WorkerJobs();
port.on('message', (job: unknown) => {
  void jobs.outcome(job).then((outcome) => {
    if (outcome) port.postMessage(outcome);
    if (jobs.done) port.close();
  });
});
