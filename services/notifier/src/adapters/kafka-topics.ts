import type { Kafka } from 'kafkajs';
import { ensureTopicsWith, type TopicSpec } from '@vigil/kafka';
import { retryWhileUnavailable } from '@vigil/lifecycle';
import type { Logger } from '@vigil/observability';
import type { NotifierEnv } from '../env.ts';

/**
 * Every topic the notifier reads or writes; all three are read (account commands for unlocks),
 * so each gets a `.dlq` twin, where its consumer dead-letters malformed records.
 */
export function notifierTopicSpecs(
  env: Pick<
    NotifierEnv,
    'DECISIONS_TOPIC' | 'FEEDBACK_TOPIC' | 'ACCOUNT_COMMANDS_TOPIC' | 'TOPIC_PARTITIONS'
  >,
): TopicSpec[] {
  const partitions = env.TOPIC_PARTITIONS;
  return [
    { topic: env.DECISIONS_TOPIC, partitions, deadLetter: true },
    { topic: env.FEEDBACK_TOPIC, partitions, deadLetter: true },
    { topic: env.ACCOUNT_COMMANDS_TOPIC, partitions, deadLetter: true },
  ];
}

/** Creates the missing ones, waiting out a broker that is not up yet as every dependency at start. */
export async function ensureNotifierTopics(
  kafka: Kafka,
  env: Parameters<typeof notifierTopicSpecs>[0],
  logger: Logger,
): Promise<void> {
  const created = await retryWhileUnavailable(
    'kafka topics',
    () => ensureTopicsWith(kafka, notifierTopicSpecs(env)),
    logger,
  );
  if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
}
