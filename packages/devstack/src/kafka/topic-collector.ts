import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { forgetGroup } from '../stack/stack-kafka-names.ts';

export interface CollectedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The value parsed as JSON; undefined when it is not JSON (a DLQ may hold anything). */
  json: unknown;
  raw: Buffer | null;
  /** Header values as UTF-8 strings. */
  headers: Record<string, string>;
}

export interface TopicCollector {
  readonly records: readonly CollectedRecord[];
  on(topic: string): CollectedRecord[];
  /** Parsed values of `topic` that satisfy `match`. */
  values<T>(topic: string, match?: (value: T) => boolean): T[];
  /** Resolves once `topic` holds at least `count` values satisfying `match`. */
  waitForValues<T>(
    topic: string,
    count: number,
    match?: (value: T) => boolean,
    timeoutMs?: number,
  ): Promise<T[]>;
  stop(): Promise<void>;
}

function headersOf(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? (value[0] as unknown) : value;
    if (Buffer.isBuffer(first)) out[name] = first.toString('utf8');
    else if (typeof first === 'string') out[name] = first;
  }
  return out;
}

function parse(raw: Buffer | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads topics from the beginning in a consumer group of its own (read_committed, so records of
 * aborted Kafka transactions never show) and keeps every record in memory. For tests and the
 * demo's live summary; not for production volumes.
 */
export async function startTopicCollector(
  kafka: Kafka,
  topics: readonly string[],
): Promise<TopicCollector> {
  const records: CollectedRecord[] = [];
  const groupId = `devstack-collector-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  // A rejoin of the collector's own group (a busy box misses a heartbeat) hands it records it had
  // not committed yet: kept once by position. A record published twice has two offsets, and stays.
  const positions = new Set<string>();
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const position = `${topic}/${partition}/${message.offset}`;
      if (positions.has(position)) return Promise.resolve();
      positions.add(position);
      records.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        json: parse(message.value),
        raw: message.value,
        headers: headersOf(message.headers),
      });
      return Promise.resolve();
    },
  });
  const on = (topic: string) => records.filter((record) => record.topic === topic);
  const values = <T>(topic: string, match?: (value: T) => boolean) =>
    on(topic)
      .map((record) => record.json as T)
      .filter((value) => value !== undefined && (match === undefined || match(value)));
  return {
    records,
    on,
    values,
    async waitForValues<T>(
      topic: string,
      count: number,
      match?: (value: T) => boolean,
      timeoutMs = 30_000,
    ) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = values<T>(topic, match);
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${count} record(s) on ${topic} (have ${found.length})`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await consumer.disconnect();
      await forgetGroup(kafka, groupId);
    },
  };
}
