import type { Kafka } from 'kafkajs';
import { uniqueName } from '@vigil/testing';

export interface CollectedRecord {
  topic: string;
  key: string | null;
  value: Record<string, unknown>;
}

/** Reads the given real topics from the beginning in a consumer group of its own, keeping every record. */
export async function startKafkaCollector(kafka: Kafka, topics: string[]) {
  const records: CollectedRecord[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('collector'), sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      records.push({
        topic,
        key: message.key?.toString() ?? null,
        value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
      });
      return Promise.resolve();
    },
  });
  return {
    records,
    isJoined: () => joined,
    on: (topic: string) => records.filter((record) => record.topic === topic),
    stop: () => consumer.disconnect(),
  };
}

/** Records on a topic by its high watermarks: what the broker holds, read or not. */
export async function countRecords(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}
