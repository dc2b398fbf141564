import type { Consumer, Kafka } from 'kafkajs';
import { uniqueName } from '@vigil/testing';

export interface OutputWatcher {
  /** The watcher's own consumer group (unique per watcher). */
  readonly groupId: string;
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

export interface WatchOptions {
  /** The id an output is matched by; undefined keeps it out of `seenAt`. Default: its `eventId`. */
  idOf?: (value: Record<string, unknown>) => string | undefined;
  /** Called once per output record (a redelivery of the same offset is not), when it is read. */
  onOutput?: (value: Record<string, unknown>, readAt: number) => void;
}

const WATCHER_COMMIT_INTERVAL_MS = 3_000;

const eventIdOf = (value: Record<string, unknown>) =>
  typeof value.eventId === 'string' ? value.eventId : undefined;

/**
 * Reads an output topic read_committed (only outputs whose Kafka transaction committed count)
 * and records when each eventId showed up. Values must be JSON with an `eventId`. A rejoin of
 * the watcher's own group (a busy box misses a heartbeat) hands it offsets it has read already:
 * those are skipped, so `duplicates` counts outputs published twice, never read twice.
 */
export async function watchOutputs(
  kafka: Kafka,
  topic: string,
  options: WatchOptions = {},
): Promise<OutputWatcher> {
  const idOf = options.idOf ?? eventIdOf;
  const nextOffset = new Map<number, number>();
  const groupId = uniqueName('bench-watch');
  const consumer: Consumer = kafka.consumer({
    groupId,
    // The broker answers a waiting fetch as soon as a transaction commits records into it, so a
    // long poll adds no latency to what is measured; a short one (20 ms was used) made this
    // watcher the broker's busiest client at idle (~50 fetches/s), CPU the stack then lacked.
    maxWaitTimeInMs: 500,
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
    // kafkajs's auto-commit sends an OffsetCommit after every partition batch (~70/s at 500
    // events/s, the broker's busiest group): the watcher commits its read positions itself, every
    // few seconds, so a rejoin resumes near where it was.
    autoCommit: false,
    eachBatch: ({ batch }) => {
      const now = performance.now();
      for (const message of batch.messages) {
        const offset = Number(message.offset);
        if (offset < (nextOffset.get(batch.partition) ?? 0)) continue;
        nextOffset.set(batch.partition, offset + 1);
        const value = JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>;
        options.onOutput?.(value, now);
        const eventId = idOf(value);
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
  const commitTimer = setInterval(() => {
    const offsets = [...nextOffset].map(([partition, offset]) => ({
      topic,
      partition,
      offset: String(offset),
    }));
    // A refused commit (a rejoin in progress) only means the next rejoin re-reads more.
    if (offsets.length > 0) consumer.commitOffsets(offsets).catch(() => undefined);
  }, WATCHER_COMMIT_INTERVAL_MS);
  commitTimer.unref();
  return {
    groupId,
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
    stop: () => {
      clearInterval(commitTimer);
      return consumer.disconnect();
    },
  };
}
