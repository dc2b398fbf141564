import type { TopicSpec } from '@vigil/kafka';
import type { NotifierEnv } from '../env.ts';

/**
 * Every topic the notifier reads or writes. The two it reads get `.dlq` twins, where its consumer
 * dead-letters malformed records; account commands are only written.
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
    { topic: env.ACCOUNT_COMMANDS_TOPIC, partitions, deadLetter: false },
  ];
}
