import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import { classifyError, VigilError } from '@vigil/errors';
import type { Logger } from '@vigil/observability';
import { encodeMessages, type OutgoingMessage } from './encode-messages.ts';
import { producerMetrics } from './metrics.ts';

/** The consumed position the outputs belong to: committed in the same transaction. */
export interface SourcePosition {
  topic: string;
  partition: number;
  /** Offset of the next record to read (last processed offset + 1). */
  nextOffset: string;
}

export interface OutputBatch<T> {
  topic: string;
  schema: ZodType<T>;
  messages: readonly OutgoingMessage<T>[];
}

export interface TransactionalPublisher {
  /** Produces every output and commits `source` for the group atomically; read_committed consumers see all or nothing. */
  publish(source: SourcePosition, outputs: readonly OutputBatch<unknown>[]): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionalPublisherOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable per service: the transactional id of input partition p is `<prefix>-<topic>-<p>`. */
  transactionalIdPrefix: string;
  registry: Registry;
  logger: Logger;
}

// Error types after which this producer instance can never commit again (a newer owner of the
// same transactional id fenced it, or the broker expired its epoch): drop it and build a new one.
const FATAL_PRODUCER_ERRORS = new Set([
  'KafkaJSNonRetriableError',
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_TXN_STATE',
  'UNKNOWN_PRODUCER_ID',
]);

function isFatal(error: unknown): boolean {
  const record = error as { name?: string; type?: string };
  return (
    FATAL_PRODUCER_ERRORS.has(record.type ?? '') || FATAL_PRODUCER_ERRORS.has(record.name ?? '')
  );
}

/**
 * Consume-transform-produce with exactly-once output (Kafka transactions, one transactional id
 * per input partition so a rebalance fences the previous owner — the classic zombie-fencing
 * scheme). The risk engine publishes a batch's decisions and lock commands together with the
 * batch's offsets: after a crash, the aborted transaction is invisible and the replay publishes
 * the batch once.
 */
export function createTransactionalPublisher(
  options: TransactionalPublisherOptions,
): TransactionalPublisher {
  const metrics = producerMetrics(options.registry);
  const producers = new Map<string, Promise<Producer>>();

  function producerFor(source: SourcePosition): Promise<Producer> {
    const id = `${options.transactionalIdPrefix}-${source.topic}-${source.partition}`;
    let producer = producers.get(id);
    if (!producer) {
      const created = options.kafka.producer({
        transactionalId: id,
        idempotent: true,
        maxInFlightRequests: 1,
        transactionTimeout: 30_000,
      });
      producer = created.connect().then(() => created);
      producer.catch(() => producers.delete(id));
      producers.set(id, producer);
    }
    return producer;
  }

  async function discard(source: SourcePosition): Promise<void> {
    const id = `${options.transactionalIdPrefix}-${source.topic}-${source.partition}`;
    const producer = producers.get(id);
    producers.delete(id);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  return {
    async publish(source, outputs) {
      // Validate before opening the transaction: an invalid output is a bug, not an outage.
      const topicMessages: TopicMessages[] = outputs
        .filter((output) => output.messages.length > 0)
        .map((output) => ({
          topic: output.topic,
          messages: encodeMessages(output.topic, output.schema, output.messages, (code) =>
            metrics.errors.inc({ topic: output.topic, code }),
          ),
        }));
      const producer = await producerFor(source).catch((error: unknown) => {
        throw classifyError(error);
      });
      const transaction = await producer.transaction();
      try {
        if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
        await transaction.sendOffsets({
          consumerGroupId: options.groupId,
          topics: [
            {
              topic: source.topic,
              partitions: [{ partition: source.partition, offset: source.nextOffset }],
            },
          ],
        });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        if (isFatal(error)) await discard(source);
        const classified = classifyError(error);
        for (const { topic } of topicMessages) metrics.errors.inc({ topic, code: classified.code });
        options.logger.warn({ err: error, source }, 'transaction aborted');
        throw new VigilError(
          'TRANSACTION_ABORTED',
          `transaction for ${source.topic}/${source.partition} aborted`,
          {
            retryable: true,
            cause: error,
          },
        );
      }
      for (const { topic, messages } of topicMessages)
        metrics.produced.inc({ topic }, messages.length);
    },
    async close() {
      const all = [...producers.values()];
      producers.clear();
      await Promise.all(
        all.map((p) => p.then((producer) => producer.disconnect()).catch(() => undefined)),
      );
    },
  };
}
