import type { Admin } from 'kafkajs';
import { dlqTopic } from '@vigil/events';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
}

/**
 * Creates missing topics and their `.dlq` twins (same partition count, so a dead letter can keep
 * its source partition's key locality). Existing topics are left as they are; returns what it created.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = specs.flatMap((spec) => [spec, { ...spec, topic: dlqTopic(spec.topic) }]);
  const missing = wanted.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.partitions,
      replicationFactor: spec.replicationFactor ?? 1,
    })),
  });
  return missing.map((spec) => spec.topic);
}
