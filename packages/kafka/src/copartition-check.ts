import type { Admin } from 'kafkajs';
import { VigilError } from '@vigil/errors';

export const ORDERED_CONSUMER_ERROR_CODES = ['TOPICS_NOT_COPARTITIONED', 'UNIT_REVOKED'] as const;

/**
 * The input topics of an event-time merge must be co-partitioned: the same partition count (and
 * producers keying by the same id with the default partitioner, checked per record at runtime),
 * or one account's events land in different units and cannot be ordered. Returns the counts.
 */
export async function checkCoPartitioned(
  admin: Admin,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
  const counts = new Map(metadata.map((t) => [t.name, t.partitions.length]));
  const distinct = new Set(counts.values());
  if (distinct.size > 1) {
    const listing = [...counts].map(([topic, n]) => `${topic}=${n}`).join(', ');
    throw new VigilError(
      'TOPICS_NOT_COPARTITIONED',
      `input topics must have the same number of partitions to be processed in event-time order (${listing}); add partitions to the smaller ones (kafka-topics --alter --partitions) or recreate them, and key every record by accountId with the default partitioner`,
      { retryable: false, details: Object.fromEntries(counts) },
    );
  }
  return counts;
}
