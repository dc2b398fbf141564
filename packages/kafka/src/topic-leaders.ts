import type { Admin } from 'kafkajs';
import { VigilError } from '@vigil/errors';

const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Waits until every partition of `topics` has a leader. kafkajs waits only for topics its own
 * CreateTopics request created, and only through LEADER_NOT_AVAILABLE: a topic another service
 * created a moment earlier, or a KRaft broker whose metadata image lags CreateTopics
 * (UNKNOWN_TOPIC_OR_PARTITION), needs this before a producer or consumer uses it.
 */
export async function waitForTopicLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      const led = metadata.topics.every(
        (topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0),
      );
      if (led && metadata.topics.length === topics.length) return;
    } catch (error) {
      if (!NOT_YET.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline)
      throw new VigilError(
        'DEPENDENCY_UNAVAILABLE',
        `topics ${topics.join(', ')} have no leaders after ${String(timeoutMs)} ms`,
        { retryable: true },
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
