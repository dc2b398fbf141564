import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { classifyError, VigilError } from '@vigil/errors';
import type { Logger } from '@vigil/observability';
import { createEventProducer } from './event-producer.ts';
import { producerMetrics } from './metrics.ts';
import { encodeOutputs, type TransactionalPublisher } from './transactional-publisher.ts';

export interface AtLeastOncePublisherOptions {
  kafka: Kafka;
  registry: Registry;
  logger: Logger;
}

/**
 * The same contract as the transactional publisher without the transaction: a unit's outputs
 * are produced with the idempotent producer (acks=all), and only once all of them are
 * acknowledged are its offsets committed through the group. A crash or a lost unit between the
 * two replays the records, and their outputs are produced again, identical (same ids): consumers
 * of the outputs must dedupe on them (Vigil's own do: cases on decisionId, notices on
 * decisionId, commands on commandId). What it saves is the transaction's round trips to the
 * coordinator (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn and its markers).
 * There are no transactional ids, so no fencing: a member that lost its units may still produce
 * a batch it was finishing, which is one more duplicate, never a loss.
 */
export function createAtLeastOncePublisher(
  options: AtLeastOncePublisherOptions,
): TransactionalPublisher {
  const metrics = producerMetrics(options.registry);
  const producer = createEventProducer(options);
  let connecting: Promise<void> | undefined;

  function connected(): Promise<void> {
    connecting ??= producer.connect().catch((error: unknown) => {
      connecting = undefined;
      throw classifyError(error);
    });
    return connecting;
  }

  return {
    async prepare() {
      await connected();
    },
    async publish(source, positions, outputs, group) {
      if (positions.length > 0 && !group)
        throw new VigilError(
          'NO_GROUP_OFFSETS',
          `the at-least-once publisher commits ${source}'s offsets through its consumer group, and none was given`,
          { retryable: false },
        );
      const topicMessages = encodeOutputs(outputs, metrics);
      await connected();
      await producer.sendRaw(topicMessages);
      if (positions.length === 0) return;
      try {
        await group!.commit(positions);
      } catch (error) {
        options.logger.warn(
          { err: error, source },
          'offset commit failed after the outputs were produced; the records are processed again and their outputs repeated',
        );
        throw new VigilError('OFFSET_COMMIT_FAILED', `offsets of ${source} not committed`, {
          retryable: true,
          cause: error,
        });
      }
    },
    // No transactional ids: nothing to fence.
    async fence() {},
    async release() {},
    async close() {
      if (!connecting) return;
      connecting = undefined;
      await producer.disconnect();
    },
  };
}
