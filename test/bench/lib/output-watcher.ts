import type { Consumer, Kafka } from 'kafkajs';
import { uniqueName } from '@vigil/testing';

export interface OutputWatcher {
  /** performance.now() when each eventId's output was first read. */
  readonly seenAt: ReadonlyMap<string, number>;
  /** Outputs read for an eventId already seen (must stay 0: one decision per event). */
  readonly duplicates: number;
  /** Resolves with the time the count of distinct eventIds reached `count`. */
  until(count: number, timeoutMs: number): Promise<number>;
  /** Distinct eventIds seen; when the first batch of them was read and how many it held. */
  stats(): { distinct: number; firstAt: number; firstCount: number; lastAt: number };
  stop(): Promise<void>;
}

/**
 * Reads an output topic read_committed (only outputs whose Kafka transaction committed count)
 * and records when each eventId showed up. Values must be JSON with an `eventId`.
 */
export async function watchOutputs(kafka: Kafka, topic: string): Promise<OutputWatcher> {
  const consumer: Consumer = kafka.consumer({
    groupId: uniqueName('bench-watch'),
    maxWaitTimeInMs: 20,
    readUncommitted: false,
  });
  const seenAt = new Map<string, number>();
  let duplicates = 0;
  let firstAt = Number.NaN;
  let firstCount = 0;
  let lastAt = Number.NaN;
  const waiters: { count: number; resolve: (at: number) => void }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    eachBatch: ({ batch }) => {
      const now = performance.now();
      for (const message of batch.messages) {
        const { eventId } = JSON.parse(message.value?.toString() ?? '{}') as { eventId?: string };
        if (eventId === undefined) continue;
        if (seenAt.has(eventId)) duplicates += 1;
        else seenAt.set(eventId, now);
      }
      if (Number.isNaN(firstAt) && seenAt.size > 0) {
        firstAt = now;
        firstCount = seenAt.size;
      }
      lastAt = now;
      for (const waiter of waiters.filter((w) => seenAt.size >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(now);
      }
      return Promise.resolve();
    },
  });
  return {
    seenAt,
    get duplicates() {
      return duplicates;
    },
    until: (count, timeoutMs) =>
      seenAt.size >= count
        ? Promise.resolve(lastAt)
        : new Promise((resolve, reject) => {
            const timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `only ${seenAt.size}/${count} outputs on ${topic} after ${timeoutMs} ms`,
                  ),
                ),
              timeoutMs,
            );
            waiters.push({ count, resolve: (at) => (clearTimeout(timer), resolve(at)) });
          }),
    stats: () => ({ distinct: seenAt.size, firstAt, firstCount, lastAt }),
    stop: () => consumer.disconnect(),
  };
}
