import { TOPICS } from '@vigil/events';
import type { EventProducer } from '@vigil/kafka';
import type { AnswerEffects } from '../domain/verification-answer.ts';
import type { AnswerPublisher } from '../app/ports.ts';

/**
 * Writes an answer's records with the idempotent acks=all producer: feedback first (one record per
 * decision the request covered: the risk engine learns), then the lock command. Resolves only when both are on every in-sync replica.
 */
export function createKafkaAnswerPublisher(
  producer: Pick<EventProducer, 'publish'>,
  topics: { feedback: string; accountCommands: string },
): AnswerPublisher {
  return {
    async publish(effects: AnswerEffects) {
      await producer.publish(
        TOPICS.feedback,
        effects.feedback.map((value) => ({ value })),
        {
          topicName: topics.feedback,
        },
      );
      if (effects.lockCommand !== undefined) {
        await producer.publish(TOPICS.accountCommands, [{ value: effects.lockCommand }], {
          topicName: topics.accountCommands,
        });
      }
    },
  };
}
