import type { Kafka } from 'kafkajs';
import { classifyError, VigilError } from '@vigil/errors';
import {
  recordedEventOf,
  type InputTopic,
  type RecordedEvent,
} from '../backtest/recorded-event.ts';

export interface HistoryRange {
  /** Physical topic names of the three inputs, by logical topic. */
  topics: ReadonlyMap<InputTopic, string>;
  /** Record timestamps read: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** Give up waiting for partitions that stop short of their end offset (open transactions). */
  idleTimeoutMs?: number;
}

export interface History {
  events: RecordedEvent[];
  /** Records that are not valid events (the engine would dead-letter them): skipped. */
  invalid: number;
  /** Partitions that did not reach their end offset before the idle timeout. */
  incomplete: string[];
}

interface PartitionRange {
  logical: InputTopic;
  topic: string;
  partition: number;
  start: bigint;
  end: bigint;
}

async function partitionRanges(kafka: Kafka, range: HistoryRange): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ranges: PartitionRange[] = [];
    for (const [logical, topic] of range.topics) {
      const starts = await admin.fetchTopicOffsetsByTimestamp(topic, range.fromMs);
      const ends = await admin.fetchTopicOffsetsByTimestamp(topic, range.toMs);
      for (const { partition, offset } of starts) {
        const end = ends.find((e) => e.partition === partition)?.offset ?? offset;
        if (BigInt(end) > BigInt(offset))
          ranges.push({ logical, topic, partition, start: BigInt(offset), end: BigInt(end) });
      }
    }
    return ranges;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the input topics' records whose Kafka timestamps fall in [fromMs, toMs) — what Kafka
 * retention still holds — with a throwaway consumer group (read_committed, deleted afterwards),
 * validated with the engine's own schemas. The group never commits: reading history moves no
 * one's offsets.
 */
export async function readHistory(kafka: Kafka, range: HistoryRange): Promise<History> {
  const ranges = await partitionRanges(kafka, range);
  const history: History = { events: [], invalid: 0, incomplete: [] };
  if (ranges.length === 0) return history;
  const key = (topic: string, partition: number) => `${topic}/${partition}`;
  const pending = new Map(ranges.map((r) => [key(r.topic, r.partition), r]));
  const logicalOf = new Map(ranges.map((r) => [r.topic, r.logical]));
  const groupId = `vigil-backtest-${process.pid}-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 250 });
  let lastProgress = Date.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))] });
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    await consumer.run({
      autoCommit: false,
      // Only collects: nothing to await, kafkajs wants a promise back.
      eachBatch: ({ batch }) => {
        const r = pending.get(key(batch.topic, batch.partition));
        if (!r) return Promise.resolve();
        const logical = logicalOf.get(batch.topic)!;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < r.start || offset >= r.end) continue;
          lastProgress = Date.now();
          const origin = `${batch.topic}/${batch.partition}/${message.offset}`;
          let value: unknown;
          try {
            value = JSON.parse(message.value?.toString('utf8') ?? 'null');
          } catch {
            history.invalid += 1;
            continue;
          }
          const recorded = recordedEventOf(logical, value, origin);
          if (recorded) history.events.push(recorded);
          else history.invalid += 1;
        }
        const next = BigInt(batch.lastOffset()) + 1n;
        if (next >= r.end) {
          pending.delete(key(batch.topic, batch.partition));
          if (pending.size === 0) finish();
        }
        return Promise.resolve();
      },
    });
    for (const r of ranges)
      consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.start) });
    const idleMs = range.idleTimeoutMs ?? 10_000;
    await Promise.race([
      done,
      (async () => {
        while (pending.size > 0 && Date.now() - lastProgress < idleMs)
          await new Promise((resolve) => setTimeout(resolve, 200));
      })(),
    ]);
    history.incomplete = [...pending.keys()];
  } catch (error) {
    throw classifyError(error);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    // Best effort: a group that never committed holds nothing and expires on its own.
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }
  if (history.events.length === 0 && history.incomplete.length > 0)
    throw new VigilError(
      'HISTORY_UNREADABLE',
      `no records read from ${history.incomplete.join(', ')}`,
      {
        retryable: true,
      },
    );
  return history;
}
