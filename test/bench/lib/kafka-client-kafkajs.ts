import { Kafka, logLevel, Partitioners, type Message, type Offsets } from 'kafkajs';
import {
  SHARED,
  RETRY,
  retryDelayMs,
  type BenchClient,
  type KafkaClientWorkerSettings,
  type OutRecord,
} from './kafka-client-settings.ts';

const CONCURRENT_TRANSACTIONS = 51;

/**
 * kafkajs refuses CONCURRENT_TRANSACTIONS from AddOffsetsToTxn (sendOffsets) without retrying it:
 * sent again as packages/kafka's publisher does, on the same 1 ms doubling schedule.
 */
async function whileConcurrent<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const { code, type } = error as { code?: number; type?: string };
      const concurrent = code === CONCURRENT_TRANSACTIONS || type === 'CONCURRENT_TRANSACTIONS';
      if (!concurrent || attempt > RETRY.retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
  }
}

/**
 * kafkajs 2.2.4 (with patches/kafkajs@2.2.4.patch) as packages/kafka uses it: a producer with a
 * transactionalId, idempotent, one request in flight; per batch `transaction()`, `sendBatch`,
 * `sendOffsets` with the member's group generation (KIP-447, the patch's TxnOffsetCommit v3),
 * `commit`. The consumer reads read_committed with eachBatch, one partition at a time.
 */
export async function kafkajsClient(settings: KafkaClientWorkerSettings): Promise<BenchClient> {
  // kafkajs-overlapped: the records and the offsets side by side, two requests in flight.
  const overlapped = settings.client === 'kafkajs-overlapped';
  // createKafkaClient's settings (packages/kafka), without its pino log bridge.
  const kafka = new Kafka({
    clientId: `bench-kc-${settings.client}`,
    brokers: settings.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    logLevel: logLevel.ERROR,
    retry: { initialRetryTime: 300, maxRetryTime: 2_000, retries: 20, factor: 0.2, multiplier: 2 },
  });
  const producers = Array.from({ length: settings.transactionalIds }, (_, i) =>
    kafka.producer({
      transactionalId: i === 0 ? settings.transactionalId : `${settings.transactionalId}-${i}`,
      idempotent: true,
      maxInFlightRequests: overlapped ? 2 : 1,
      transactionTimeout: SHARED.transactionTimeoutMs,
      retry: {
        initialRetryTime: RETRY.initialMs,
        maxRetryTime: RETRY.maxMs,
        retries: RETRY.retries,
      },
      createPartitioner: Partitioners.DefaultPartitioner,
    }),
  );
  let turn = 0;
  const consumer = kafka.consumer({
    groupId: settings.groupId,
    readUncommitted: false,
    sessionTimeout: SHARED.sessionTimeoutMs,
    heartbeatInterval: SHARED.heartbeatIntervalMs,
    maxWaitTimeInMs: SHARED.maxWaitMs,
    maxBytesPerPartition: SHARED.maxBytesPerPartition,
    maxBytes: SHARED.maxBytes,
  });
  const requests: Record<string, number> = {};
  for (const producer of producers)
    producer.on(producer.events.REQUEST, ({ payload }) => {
      requests[payload.apiName] = (requests[payload.apiName] ?? 0) + 1;
    });
  let member: { generationId: number; memberId: string; groupInstanceId: null } | undefined;
  // kafkajs patch: the GROUP_JOIN payload also carries the generation.
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const { generationId, memberId } = event.payload as { generationId?: number; memberId: string };
    member =
      generationId === undefined ? undefined : { generationId, memberId, groupInstanceId: null };
  });
  for (const producer of producers) await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: settings.inputTopic, fromBeginning: true });

  /** Offset of the next record of each input partition the pass-through read to. */
  const reached = new Map<number, string>();

  async function transact(messages: Message[], partition: number, nextOffset: string) {
    if (!member)
      throw new Error('no group generation: not joined, or the kafkajs patch is missing');
    // groupMetadata is the patch's (TxnOffsetCommit v3), not in kafkajs's types.
    const offsets: Offsets & { consumerGroupId: string; groupMetadata: typeof member } = {
      consumerGroupId: settings.groupId,
      topics: [{ topic: settings.inputTopic, partitions: [{ partition, offset: nextOffset }] }],
      groupMetadata: member,
    };
    const producer = producers[turn++ % producers.length]!;
    const transaction = await producer.transaction();
    const send = () =>
      whileConcurrent(() =>
        transaction.sendBatch({
          acks: -1,
          topicMessages: [{ topic: settings.outputTopic, messages }],
        }),
      );
    const sendOffsets = () => whileConcurrent(() => transaction.sendOffsets(offsets));
    try {
      if (overlapped) {
        const settled = await Promise.allSettled([send(), sendOffsets()]);
        for (const step of settled) if (step.status === 'rejected') throw step.reason;
      } else {
        await send();
        await sendOffsets();
      }
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  return {
    passThrough: (hooks) =>
      new Promise<void>((resolve, reject) => {
        let done = 0;
        consumer
          .run({
            autoCommit: false,
            partitionsConsumedConcurrently: 1,
            eachBatch: async (payload) => {
              const { batch } = payload;
              try {
                for (let from = 0; from < batch.messages.length; from += settings.maxBatch) {
                  if (!payload.isRunning() || payload.isStale()) return;
                  const slice = batch.messages.slice(from, from + settings.maxBatch);
                  const last = slice.at(-1)!;
                  const nextOffset = (BigInt(last.offset) + 1n).toString();
                  hooks.begin();
                  const started = performance.now();
                  await transact(
                    slice.map((m) => ({ key: m.key, value: m.value })),
                    batch.partition,
                    nextOffset,
                  );
                  hooks.committed(slice.length, performance.now() - started);
                  reached.set(batch.partition, nextOffset);
                  payload.resolveOffset(last.offset);
                  done += slice.length;
                  if (done >= settings.events) resolve();
                  await payload.heartbeat();
                }
              } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
                throw error;
              }
            },
          })
          .catch(reject);
      }),
    cycle: async (records: readonly OutRecord[], index: number) => {
      const partitions = [...reached.keys()].sort((a, b) => a - b);
      const partition = partitions[index % partitions.length]!;
      await transact([...records], partition, reached.get(partition)!);
    },
    producerRequests: () => ({ ...requests }),
    close: async () => {
      await consumer.disconnect();
      for (const producer of producers) await producer.disconnect();
    },
  };
}
