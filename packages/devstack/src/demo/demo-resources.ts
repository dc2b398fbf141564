import { dlqTopic } from '@vigil/events';
import { ensureTopics } from '@vigil/kafka';
import { deleteRedisKeysWithPrefix } from '@vigil/testing';
import type { Kafka } from 'kafkajs';
import { dropSchemas } from '../stack/pg-schemas.ts';
import { removeStackKafkaNames, stackGroupList } from '../stack/stack-kafka-names.ts';
import { topicList, type StackTopics } from '../stack/stack-plan.ts';

export interface DemoResources {
  topics: StackTopics;
  /** The consumer groups the services join (named after the run). */
  groups: string[];
  caseSchema: string;
  notifierSchema: string;
  redisKeyPrefix: string;
}

/** Names for one demo run: its own topics, schemas and key prefix, so runs never mix. */
export function demoResources(runId: string): DemoResources {
  const topic = (wire: string) => `vigil-demo-${runId}.${wire}`;
  return {
    topics: {
      transactions: topic('payments.transactions.v1'),
      logins: topic('identity.logins.v1'),
      accountChanges: topic('identity.account-changes.v1'),
      decisions: topic('risk.decisions.v1'),
      accountCommands: topic('accounts.commands.v1'),
      feedback: topic('risk.feedback.v1'),
      disputes: topic('payments.disputes.v1'),
    },
    groups: stackGroupList(runId),
    caseSchema: `demo_${runId}_cases`,
    notifierSchema: `demo_${runId}_notifier`,
    redisKeyPrefix: `vigil-demo:${runId}:`,
  };
}

export function allTopics(resources: DemoResources): string[] {
  return topicList(resources.topics).flatMap((topic) => [topic, dlqTopic(topic)]);
}

/** The stack's topics and their .dlq twins. */
export async function createDemoTopics(
  kafka: Kafka,
  resources: DemoResources,
  partitions: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      topicList(resources.topics).map((topic) => ({ topic, partitions })),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Deletes what the run created: groups, topics, both schemas and the risk engine's Redis keys. */
export async function removeDemoResources(
  resources: DemoResources,
  infra: { kafka: Kafka; databaseUrl: string; redisUrl: string },
): Promise<void> {
  const admin = infra.kafka.admin();
  await admin.connect();
  try {
    await removeStackKafkaNames(admin, { groups: resources.groups, topics: [] });
    await admin.deleteTopics({ topics: allTopics(resources), timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
  await dropSchemas(infra.databaseUrl, [resources.caseSchema, resources.notifierSchema]);
  await deleteRedisKeysWithPrefix(infra.redisUrl, resources.redisKeyPrefix);
}
