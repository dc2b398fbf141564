import type { ZodType } from 'zod';
import { topicCatalog, type TopicEvent, type TopicName } from '@vigil/events';
import type { Subscription } from './consumer-runner.ts';

/**
 * A subscription typed from the topic catalog. `wireName` overrides the topic actually read
 * (tests and staging use unique names); the schema is always the catalog's.
 */
export function catalogSubscription<N extends TopicName>(
  topic: N,
  wireName: string = topic,
): Subscription<TopicEvent<N>> {
  return { topic: wireName, schema: topicCatalog[topic] as unknown as ZodType<TopicEvent<N>> };
}
