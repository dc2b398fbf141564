import { TOPICS } from '@vigil/events';
import type { EventProducer } from '@vigil/kafka';
import type { AccountCommand, RiskFeedback } from '@vigil/events';
import type { OutboxMessage } from '../domain/outbox-messages.ts';
import type { OutboxPublisher } from '../app/ports.ts';

export interface OutboxTopics {
  feedback: string;
  accountCommands: string;
}

/**
 * Publishes outbox messages through the shared idempotent producer (acks=all, schema-checked).
 * The message id rides in a header too, so consumers can dedupe without parsing the value.
 */
export function createKafkaOutboxPublisher(
  producer: EventProducer,
  topics: OutboxTopics,
): OutboxPublisher {
  return {
    publish: async (messages) => {
      const headers = (message: OutboxMessage) => ({ 'vigil-message-id': message.messageId });
      const feedback: { value: RiskFeedback; key: string; headers: Record<string, string> }[] = [];
      const commands: { value: AccountCommand; key: string; headers: Record<string, string> }[] =
        [];
      for (const message of messages) {
        if (message.kind === 'risk_feedback')
          feedback.push({ value: message.payload, key: message.key, headers: headers(message) });
        else commands.push({ value: message.payload, key: message.key, headers: headers(message) });
      }
      await producer.publish(TOPICS.feedback, feedback, { topicName: topics.feedback });
      await producer.publish(TOPICS.accountCommands, commands, {
        topicName: topics.accountCommands,
      });
    },
  };
}
