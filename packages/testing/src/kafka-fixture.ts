import { Kafka, logLevel, type Admin, type ConfigResourceTypes } from 'kafkajs';
import { infraUrls } from './infra-urls.ts';
import { uniqueName } from './unique-name.ts';

// kafkajs is CommonJS: Node's ESM loader (tsx scripts importing this) does not see
// ConfigResourceTypes among its named exports. The resource type's protocol value, typed.
const TOPIC_RESOURCE = 2 as ConfigResourceTypes.TOPIC;

export interface KafkaFixture {
  kafka: Kafka;
  brokers: string[];
  admin: Admin;
  /** Topic names this fixture created, by the logical name the test asked for. */
  topics: Record<string, string>;
  groupId: string;
  /** Creates another unique topic, with its `.dlq` twin if asked (and registers them for cleanup). */
  createTopic(logical: string, partitions?: number, withDlq?: boolean): Promise<string>;
  /** Sets a topic's own max.message.bytes; undefined removes it (the broker's default again). */
  setMaxMessageBytes(topic: string, bytes: number | undefined): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Waits until every partition of `topics` has a leader. kafkajs's own `waitForLeaders` only
 * retries LEADER_NOT_AVAILABLE, but a freshly started KRaft broker can answer the metadata
 * request right after CreateTopics with UNKNOWN_TOPIC_OR_PARTITION (the new topic is not in its
 * metadata image yet), which failed a test file's setup in CI. Only that case comes here:
 * replacing kafkajs's wait altogether made a consumer test flaky.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const led = metadata.topics.every(
        (topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0),
      );
      if (led && metadata.topics.length === topics.length) return;
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates `names` and returns once every partition has a leader (KRaft's race above included). */
export async function createLedTopics(
  admin: Admin,
  names: readonly string[],
  partitions: number,
): Promise<void> {
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
  } catch (error) {
    // The topics were created; only kafkajs's wait for their leaders gave up (see above).
    if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
    await waitForLeaders(admin, [...names]);
  }
}

/**
 * Unique topics and consumer group per test against the real broker; `cleanup` deletes them.
 * `logicalTopics` like ['payments.transactions.v1'] become 't_payments_transactions_v1_…'.
 */
export async function createKafkaFixture(
  logicalTopics: readonly string[],
  options: { partitions?: number; withDlq?: boolean } = {},
): Promise<KafkaFixture> {
  const brokers = infraUrls().kafkaBrokers;
  const kafka = new Kafka({ clientId: uniqueName('test'), brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics: Record<string, string> = {};
  const created: string[] = [];
  const createTopic = async (
    logical: string,
    partitions = options.partitions ?? 3,
    withDlq = options.withDlq ?? false,
  ) => {
    const name = uniqueName(logical);
    const names = withDlq ? [name, `${name}.dlq`] : [name];
    await createLedTopics(admin, names, partitions);
    topics[logical] = name;
    created.push(...names);
    return name;
  };
  for (const logical of logicalTopics) await createTopic(logical);
  return {
    kafka,
    brokers,
    admin,
    topics,
    groupId: uniqueName('group'),
    createTopic,
    setMaxMessageBytes: async (topic, bytes) => {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: TOPIC_RESOURCE,
            name: topic,
            configEntries:
              bytes === undefined ? [] : [{ name: 'max.message.bytes', value: String(bytes) }],
          },
        ],
      });
    },
    cleanup: async () => {
      try {
        if (created.length > 0) await admin.deleteTopics({ topics: created, timeout: 10_000 });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
