import type { ConfigResourceTypes, Kafka } from 'kafkajs';

// kafkajs is CommonJS, and Node's ESM loader does not see ConfigResourceTypes among its named
// exports (the built service would not start): the resource type's protocol value, typed.
const TOPIC_RESOURCE = 2 as ConfigResourceTypes.TOPIC;

export interface TopicRecordLimit {
  topic: string;
  /** The topic's `max.message.bytes` (its own, or the broker default it inherits). */
  maxMessageBytes: number;
}

/**
 * The topics whose `max.message.bytes` is below `minBytes`: a record that large would be refused
 * there. Read at start-up so that an operator learns of a limit set too low when deploying, not
 * when the first large output stalls its unit (the refusal is retried until the topic is fixed).
 */
export async function topicsBelowRecordLimit(
  kafka: Kafka,
  topics: readonly string[],
  minBytes: number,
): Promise<TopicRecordLimit[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: TOPIC_RESOURCE,
        name,
        configNames: ['max.message.bytes'],
      })),
    });
    return resources.flatMap(({ resourceName, configEntries }) => {
      const entry = configEntries.find((e) => e.configName === 'max.message.bytes');
      const maxMessageBytes = Number(entry?.configValue);
      return Number.isFinite(maxMessageBytes) && maxMessageBytes < minBytes
        ? [{ topic: resourceName, maxMessageBytes }]
        : [];
    });
  } finally {
    await admin.disconnect();
  }
}
