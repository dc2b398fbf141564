// Entry of the live benchmark's traffic thread (see startTrafficThread): the simulator's state for
// a whole population (~160 MiB at 20,000 accounts) lives in this thread's own heap, so the
// benchmark thread, which sends on schedule and timestamps decisions, does not mark it in every
// major GC (its pauses and CPU bursts were the 500/s step's slowest 1%: test/bench/README.md).
import { parentPort, workerData } from 'node:worker_threads';
import { createLiveTraffic } from './live-traffic.ts';
import { trafficRequest, trafficThreadOptions } from './live-traffic-thread.ts';

const port = parentPort;
if (!port) throw new Error('live-traffic-worker.ts runs as a worker thread');
const traffic = createLiveTraffic(trafficThreadOptions.parse(workerData));
port.on('message', (message: unknown) => {
  const { id, count } = trafficRequest.parse(message);
  const events = traffic.take(count);
  port.postMessage({ id, events, generations: traffic.generations() });
});
