import { TOPICS, type AccountChangeEvent, type LoginEvent, type TransactionEvent } from '@vigil/events';
import type { EventProducer } from '@vigil/kafka';
import type { InboundTopic, SimulatedRecord } from '../domain/ground-truth.ts';
import type { RecordSink } from './record-sink.ts';

export interface KafkaSinkOptions {
  /** An idempotent acks=all producer (createEventProducer from @vigil/kafka), connected. */
  producer: EventProducer;
  /** Wire topic per logical topic; defaults to the names in TOPICS. */
  topics?: Partial<Record<InboundTopic, string>>;
  /** Records per send; one send is awaited before the next, so per-account order holds across batches. */
  batchSize?: number;
}

/**
 * Buffers records and publishes them with the account id as key, every topic of a flush in one
 * produce request. Sends are sequential and the producer is idempotent with one request in flight,
 * so one account's events land in its partitions in the order they were written.
 */
export function createKafkaSink(options: KafkaSinkOptions): RecordSink {
  const batchSize = options.batchSize ?? 500;
  const wireName = (topic: InboundTopic) => options.topics?.[topic] ?? topic;
  let pending: SimulatedRecord[] = [];

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const transactions: TransactionEvent[] = [];
    const logins: LoginEvent[] = [];
    const changes: AccountChangeEvent[] = [];
    for (const record of batch) {
      switch (record.topic) {
        case TOPICS.transactions:
          transactions.push(record.event);
          break;
        case TOPICS.logins:
          logins.push(record.event);
          break;
        case TOPICS.accountChanges:
          changes.push(record.event);
          break;
      }
    }
    // One produce request for the three topics, keyed by accountId and resolved once every in-sync
    // replica has it: a consumer sees a flush's events of all topics together, as if one upstream
    // wrote them at once, never one topic's share seconds before another's.
    const keyed = <T extends { accountId: string }>(events: T[]) => events.map((value) => ({ key: value.accountId, value }));
    await options.producer.publishBatch([
      { topic: TOPICS.transactions, messages: keyed(transactions), topicName: wireName(TOPICS.transactions) },
      { topic: TOPICS.logins, messages: keyed(logins), topicName: wireName(TOPICS.logins) },
      { topic: TOPICS.accountChanges, messages: keyed(changes), topicName: wireName(TOPICS.accountChanges) },
    ]);
  }

  return {
    write: async (record) => {
      pending.push(record);
      if (pending.length >= batchSize) await flush();
    },
    flush,
    close: flush,
  };
}

export const DEFAULT_INBOUND_TOPICS: Record<InboundTopic, string> = {
  [TOPICS.transactions]: TOPICS.transactions,
  [TOPICS.logins]: TOPICS.logins,
  [TOPICS.accountChanges]: TOPICS.accountChanges,
};
