import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import {
  createConsumerRunner,
  createEventProducer,
  createOrderedConsumer,
  createTransactionalPublisher,
  type ConsumerRunner,
  type OutgoingMessage,
  type OutputBatch,
  type Subscription,
} from '@vigil/kafka';

export type PassThroughMode = 'transactional' | 'plain' | 'ordered';

export interface PassThroughOptions {
  kafka: Kafka;
  groupId: string;
  subscriptions: readonly Subscription<unknown>[];
  outputTopic: string;
  mode: PassThroughMode;
  /** Same knobs the risk engine gets, so only the scoring differs. */
  partitionsConcurrency: number;
  maxBatchRecords: number;
  transactionalIdPrefix: string;
  logger: Logger;
  /** Where the runner's and producer's metrics go (the subject serves it on /metrics). */
  registry: Registry;
}

/**
 * The baseline: the @vigil/kafka runner (decode, zod, DLQ, commit) whose handler re-publishes
 * every record unchanged. `transactional` publishes each partition's slice and its offsets in one
 * Kafka transaction; `ordered` reads the three topics as the risk engine does — merged by event
 * time, one transaction per batch — so only the scoring differs from the engine; `plain` uses the
 * idempotent producer and lets the runner commit afterwards (at-least-once, the cheapest correct
 * consume → produce).
 */
export async function startPassThrough(
  options: PassThroughOptions,
): Promise<{ stop(): Promise<void> }> {
  const { registry } = options;
  const schemas = new Map<string, ZodType<unknown>>(
    options.subscriptions.map((s) => [s.topic, s.schema]),
  );
  const schemaOf = (topic: string) => {
    const schema = schemas.get(topic);
    if (!schema) throw new Error(`no schema for ${topic}`);
    return schema;
  };
  const common = { kafka: options.kafka, registry, logger: options.logger };
  const transactional =
    options.mode !== 'plain'
      ? createTransactionalPublisher({
          ...common,
          groupId: options.groupId,
          transactionalIdPrefix: options.transactionalIdPrefix,
        })
      : undefined;
  const producer = options.mode === 'plain' ? createEventProducer(common) : undefined;
  await producer?.connect();
  if (options.mode === 'ordered') {
    const ordered = createOrderedConsumer<{ occurredAt: string }>({
      ...common,
      groupId: options.groupId,
      subscriptions: options.subscriptions as Subscription<{ occurredAt: string }>[],
      eventTime: (value) => Date.parse(value.occurredAt),
      publisher: transactional!,
      maxBatchRecords: options.maxBatchRecords,
      handler: ({ records }) => {
        // Per unit, one output batch per source topic: each validated with its own schema.
        const outputs = new Map<number, OutputBatch<unknown>[]>();
        for (const record of records) {
          const unit = outputs.get(record.partition) ?? [];
          let batch = unit.find((b) => b.schema === schemaOf(record.topic));
          if (!batch) {
            batch = { topic: options.outputTopic, schema: schemaOf(record.topic), messages: [] };
            unit.push(batch);
          }
          (batch.messages as OutgoingMessage<unknown>[]).push({
            key: record.key ?? undefined,
            value: record.value,
          });
          outputs.set(record.partition, unit);
        }
        return Promise.resolve({ outputs });
      },
    });
    await ordered.start();
    return {
      stop: async () => {
        await ordered.stop();
        await transactional?.close();
      },
    };
  }

  const runner: ConsumerRunner = createConsumerRunner<unknown>({
    ...common,
    groupId: options.groupId,
    subscriptions: options.subscriptions,
    partitionsConsumedConcurrently: options.partitionsConcurrency,
    maxBatchRecords: options.maxBatchRecords,
    offsetCommits: options.mode === 'transactional' ? 'handler' : 'runner',
    handler: async (records, ctx) => {
      const last = records.at(-1);
      if (!last) return;
      const messages = records.map((r) => ({ key: r.key ?? undefined, value: r.value }));
      const output = { topic: options.outputTopic, schema: schemaOf(last.topic), messages };
      if (transactional) {
        const source = `${last.topic}-${last.partition}`;
        await transactional.prepare(source, ctx.attempt === 0);
        const nextOffset = (BigInt(last.offset) + 1n).toString();
        await transactional.publish(
          source,
          [{ topic: last.topic, partition: last.partition, nextOffset }],
          [output],
        );
      } else {
        await producer!.send(output.topic, output.schema, output.messages);
      }
    },
  });
  await runner.start();
  return {
    stop: async () => {
      await runner.stop();
      await transactional?.close();
      await producer?.disconnect();
    },
  };
}
