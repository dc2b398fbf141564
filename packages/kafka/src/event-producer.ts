import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import { classifyError } from '@vigil/errors';
import { topicCatalog, type TopicEvent, type TopicName } from '@vigil/events';
import type { Logger } from '@vigil/observability';
import { encodeMessages, type OutgoingMessage } from './encode-messages.ts';
import { producerMetrics } from './metrics.ts';
import { JAVA_COMPATIBLE_PARTITIONER } from './murmur2-partition.ts';

export type { OutgoingMessage } from './encode-messages.ts';

export interface EventProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Validates every value with `schema` first; nothing is sent if any value is invalid. */
  send<T>(
    topic: string,
    schema: ZodType<T>,
    messages: readonly OutgoingMessage<T>[],
  ): Promise<void>;
  /** Typed over the topic catalog; `topicName` overrides the wire name (tests use unique topics). */
  publish<N extends TopicName>(
    topic: N,
    messages: readonly OutgoingMessage<TopicEvent<N>>[],
    options?: { topicName?: string },
  ): Promise<void>;
  /**
   * Several catalog topics in one produce request: appended together, as one upstream flush
   * writes them (a consumer never sees one topic's share of the flush long before another's).
   */
  publishBatch(batches: readonly CatalogBatch[]): Promise<void>;
  /** Bytes as they are (dead letters, replays): no validation, no encoding. */
  sendRaw(batch: readonly TopicMessages[]): Promise<void>;
}

/** Messages for one catalog topic; `topicName` overrides the wire name (tests use unique topics). */
export type CatalogBatch = {
  [N in TopicName]: {
    topic: N;
    messages: readonly OutgoingMessage<TopicEvent<N>>[];
    topicName?: string;
  };
}[TopicName];

export interface EventProducerOptions {
  kafka: Kafka;
  registry: Registry;
  logger: Logger;
}

interface ProducerHandle {
  producer: Producer;
  connected: Promise<void> | undefined;
}

/**
 * Idempotent producer with acks=all: a retried send never duplicates a record in the partition,
 * and a send resolves only once every in-sync replica has it (the runner commits after that).
 *
 * After a failed send the producer is replaced (a new producer id): kafkajs rolls back the
 * sequence numbers of every partition of the failed request, though the broker may have appended
 * some of them (a timeout, a lost connection, another partition's error in the same response).
 * Reused, the producer would number the next, different records on such a partition as the
 * appended ones, and the broker would acknowledge them as duplicates without appending them:
 * records lost with the send reported done. A new producer id starts the numbers afresh; a retry
 * of the same records may then write some twice, which at-least-once consumers dedupe on ids.
 */
export function createEventProducer(options: EventProducerOptions): EventProducer {
  const metrics = producerMetrics(options.registry);
  const newHandle = (): ProducerHandle => ({
    producer: options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: JAVA_COMPATIBLE_PARTITIONER,
    }),
    connected: undefined,
  });
  let handle = newHandle();

  function connected(current: ProducerHandle): Promise<void> {
    current.connected ??= current.producer.connect().catch((error: unknown) => {
      current.connected = undefined;
      throw error;
    });
    return current.connected;
  }

  function replaceAfterFailure(failed: ProducerHandle): void {
    if (handle !== failed) return;
    handle = newHandle();
    failed.producer
      .disconnect()
      .catch((error: unknown) =>
        options.logger.debug({ err: error }, 'replaced kafka producer did not disconnect cleanly'),
      );
  }

  async function sendBatch(topicMessages: readonly TopicMessages[]): Promise<void> {
    const current = handle;
    try {
      await connected(current);
      try {
        await current.producer.sendBatch({ acks: -1, topicMessages: [...topicMessages] });
      } catch (error) {
        replaceAfterFailure(current);
        throw error;
      }
    } catch (error) {
      const classified = classifyError(error);
      for (const { topic } of topicMessages) metrics.errors.inc({ topic, code: classified.code });
      throw classified;
    }
    for (const { topic, messages } of topicMessages)
      metrics.produced.inc({ topic }, messages.length);
  }

  /** Validates and encodes one catalog topic's messages for its wire name. */
  function encodeCatalog(
    topic: TopicName,
    wireName: string,
    messages: readonly OutgoingMessage<unknown>[],
  ): TopicMessages {
    const schema = topicCatalog[topic] as unknown as ZodType<unknown>;
    return {
      topic: wireName,
      messages: encodeMessages(wireName, schema, messages, (code) =>
        metrics.errors.inc({ topic: wireName, code }),
      ),
    };
  }

  return {
    connect: async () => {
      await connected(handle);
      options.logger.debug('kafka producer connected');
    },
    disconnect: () => handle.producer.disconnect(),
    send: async (topic, schema, messages) => {
      if (messages.length === 0) return;
      await sendBatch([
        {
          topic,
          messages: encodeMessages(topic, schema, messages, (code) =>
            metrics.errors.inc({ topic, code }),
          ),
        },
      ]);
    },
    publish: async (topic, messages, publishOptions) => {
      if (messages.length === 0) return;
      const wireName = publishOptions?.topicName ?? topic;
      await sendBatch([encodeCatalog(topic, wireName, messages)]);
    },
    publishBatch: async (batches) => {
      const nonEmpty = batches.filter((batch) => batch.messages.length > 0);
      if (nonEmpty.length > 0)
        await sendBatch(
          nonEmpty.map((batch) =>
            encodeCatalog(batch.topic, batch.topicName ?? batch.topic, batch.messages),
          ),
        );
    },
    sendRaw: async (batch) => {
      if (batch.length === 0) return;
      await sendBatch(batch);
    },
  };
}
