import {
  compatibilityPartitioner,
  connectionsApiChannel,
  Consumer,
  FetchIsolationLevels,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  Producer,
  protocolAPIsById,
  type ConnectionDiagnosticEvent,
  type Message,
} from '@platformatic/kafka';
import {
  SHARED,
  RETRY,
  retryDelayMs,
  type BenchClient,
  type KafkaClientWorkerSettings,
  type OutRecord,
} from './kafka-client-settings.ts';

/**
 * @platformatic/kafka 1.35.0 with the same semantics: an idempotent producer with a
 * transactionalId (acks all, one request in flight: the client forces both for idempotence); per
 * batch `beginTransaction`, `send`, `addConsumer` (AddOffsetsToTxn) and `addOffset` of the slice's
 * last message (TxnOffsetCommit with the group generation and member id the message was fetched
 * in, KIP-447), `commit`. The consumer reads read_committed, autocommit off; its stream is read
 * in paused mode and everything buffered is taken at once, so it keeps fetching while a
 * transaction is in flight, as kafkajs does.
 */
export async function platformaticClient(
  settings: KafkaClientWorkerSettings,
): Promise<BenchClient> {
  const common = {
    clientId: `bench-kc-${settings.client}`,
    bootstrapBrokers: settings.brokers,
    retries: RETRY.retries,
    retryDelay: (_client: unknown, _operation: string, attempt: number) => retryDelayMs(attempt),
  };
  const producer = new Producer({
    ...common,
    idempotent: true,
    transactionalId: settings.transactionalId,
    // Also the transaction timeout InitProducerId registers (kafkajs: transactionTimeout).
    timeout: SHARED.transactionTimeoutMs,
    // InitProducerId sends producer id 0 / epoch 0 unless told otherwise, and the coordinator
    // answers PRODUCER_FENCED to a transactional id it already knows (a restart, a new owner);
    // -1 / -1 is "a new producer", which bumps the epoch and fences the previous one.
    producerId: -1n,
    producerEpoch: -1,
    partitioner: compatibilityPartitioner,
  });
  const requests: Record<string, number> = {};
  // Every request of every connection of the process passes here; the producer's are counted.
  const countRequest = (event: unknown) => {
    const { connection, apiKey } = event as ConnectionDiagnosticEvent;
    if (connection.ownerId !== producer.instanceId || typeof apiKey !== 'number') return;
    const api = protocolAPIsById[apiKey] ?? String(apiKey);
    requests[api] = (requests[api] ?? 0) + 1;
  };
  connectionsApiChannel.start.subscribe(countRequest);
  const consumer = new Consumer({
    ...common,
    groupId: settings.groupId,
    autocommit: false,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    sessionTimeout: SHARED.sessionTimeoutMs,
    heartbeatInterval: SHARED.heartbeatIntervalMs,
    maxWaitTime: SHARED.maxWaitMs,
    maxBytesPerPartition: SHARED.maxBytesPerPartition,
    maxBytes: SHARED.maxBytes,
  });
  const stream = await consumer.consume({
    topics: [settings.inputTopic],
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: MessagesStreamFallbackModes.EARLIEST,
    autocommit: false,
  });
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  // A listener for good: removing the last 'readable' listener sets the stream's flowing state
  // back to null, and the stream stops fetching until one is added again.
  stream.on('readable', signal);
  stream.on('error', (error: Error) => {
    failure = error;
    signal();
  });

  /** The last message the pass-through committed of each input partition. */
  const reached = new Map<number, Message>();

  async function transact(records: readonly OutRecord[], last: Message) {
    const transaction = await producer.beginTransaction();
    try {
      await transaction.send({
        messages: records.map(({ key, value }) => ({ topic: settings.outputTopic, key, value })),
      });
      await transaction.addConsumer(consumer);
      // One TxnOffsetCommit per call, for one partition (offset + 1 of `last`). Concurrent calls
      // share one in-flight request (the client deduplicates by operation name), so more than one
      // partition means one call after the other.
      await transaction.addOffset(last);
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  async function passThrough(hooks: Parameters<BenchClient['passThrough']>[0]): Promise<void> {
    const queues = new Map<number, Message[]>();
    let done = 0;
    while (done < settings.events) {
      if (failure) throw failure;
      const next = () => stream.read() as Message | null;
      for (let message = next(); message; message = next()) {
        const queue = queues.get(message.partition) ?? [];
        queue.push(message);
        queues.set(message.partition, queue);
      }
      if (queues.size === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      for (const [partition, queue] of queues) {
        for (let from = 0; from < queue.length; from += settings.maxBatch) {
          const slice = queue.slice(from, from + settings.maxBatch);
          const last = slice.at(-1)!;
          hooks.begin();
          const started = performance.now();
          await transact(
            slice.map((m) => ({ key: m.key, value: m.value })),
            last,
          );
          hooks.committed(slice.length, performance.now() - started);
          reached.set(partition, last);
          done += slice.length;
        }
        queues.delete(partition);
      }
    }
  }

  return {
    passThrough,
    cycle: async (records, index) => {
      const partitions = [...reached.keys()].sort((a, b) => a - b);
      await transact(records, reached.get(partitions[index % partitions.length]!)!);
    },
    producerRequests: () => ({ ...requests }),
    close: async () => {
      connectionsApiChannel.start.unsubscribe(countRequest);
      stream.off('readable', signal);
      await stream.close();
      await consumer.close();
      await producer.close();
    },
  };
}
