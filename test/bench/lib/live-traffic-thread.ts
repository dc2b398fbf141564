import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { GeneratedEvent } from './event-mix.ts';

export const trafficThreadOptions = z.object({
  accounts: z.number().int().positive(),
  seed: z.number().int(),
  runId: z.string().min(1),
  simulatedEndsAt: z.number().int().optional(),
});
export const trafficRequest = z.object({
  id: z.number().int(),
  count: z.number().int().positive(),
});

export interface TrafficThread {
  /** The next `count` events, as createLiveTraffic's take gives them. */
  take(count: number): Promise<GeneratedEvent[]>;
  /** Generations started so far (as of the last take). */
  generations(): number;
  close(): Promise<void>;
}

/**
 * createLiveTraffic in a worker thread of its own (live-traffic-worker.ts): the same events for
 * the same options, generated off the thread that measures. Requests are answered in order.
 */
export function startTrafficThread(options: z.input<typeof trafficThreadOptions>): TrafficThread {
  // Module hooks are per thread and `--import tsx` does not carry them into a worker on Node 20:
  // the worker registers tsx's loader itself before it imports its TypeScript entry.
  const entry = new URL('./live-traffic-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: trafficThreadOptions.parse(options) },
  );
  const pending = new Map<
    number,
    { resolve: (events: GeneratedEvent[]) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let generations = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; events: GeneratedEvent[]; generations: number }) => {
    generations = message.generations;
    pending.get(message.id)?.resolve(message.events);
    pending.delete(message.id);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`traffic thread exited (code ${code})`)));
  return {
    take(count) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, count });
      });
    },
    generations: () => generations,
    close: async () => {
      failure ??= new Error('traffic thread closed');
      await worker.terminate();
    },
  };
}
