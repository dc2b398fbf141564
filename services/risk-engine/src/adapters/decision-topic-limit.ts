import type { Kafka } from 'kafkajs';
import { topicsBelowRecordLimit } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import { DECISION_RECORD_BYTES } from '@vigil/rules';

/** A decision's value at most, plus its key, headers and the record batch around it. */
export const DECISION_TOPIC_MIN_BYTES = DECISION_RECORD_BYTES + 8_192;

/**
 * Warns at start-up when the decisions topic's max.message.bytes could refuse a decision: such a
 * refusal would stall the decision's unit until the topic is fixed (OUTPUT_REFUSED). Kafka's
 * default (1,048,588) is enough. Not being able to read the config (an ACL without
 * DescribeConfigs, a topic not created yet) is said at info: it changes nothing at run time.
 */
export async function warnOfSmallDecisionLimit(
  kafka: Kafka,
  topic: string,
  logger: Logger,
): Promise<void> {
  try {
    for (const { maxMessageBytes } of await topicsBelowRecordLimit(
      kafka,
      [topic],
      DECISION_TOPIC_MIN_BYTES,
    ))
      logger.warn(
        { topic, maxMessageBytes, neededBytes: DECISION_TOPIC_MIN_BYTES },
        "the decisions topic's max.message.bytes is below what the largest decision takes: such a decision would be refused and its unit would wait until the topic's limit is raised",
      );
  } catch (error) {
    logger.info({ err: error, topic }, "could not read the decisions topic's max.message.bytes");
  }
}
