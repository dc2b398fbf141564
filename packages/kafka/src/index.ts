export { createKafkaClient, type KafkaClientOptions } from './kafka-client.ts';
export {
  createEventProducer,
  type EventProducer,
  type EventProducerOptions,
  type OutgoingMessage,
} from './event-producer.ts';
export {
  createConsumerRunner,
  type ConsumerRunner,
  type ConsumerRunnerOptions,
  type ConsumerRunnerSettings,
  type RunnerHandler,
  type RunnerTimings,
  FETCH_SCOPE_CONCURRENCY,
  type Subscription,
} from './consumer-runner.ts';
export type { BatchContext, BatchHandler, FetchContext, FetchHandler } from './batch-handler.ts';
export type { ConsumedRecord, RawRecord, RecordHeaders } from './consumed-record.ts';
export { headerIsOneOf, headerText } from './consumed-record.ts';
export { perKeyInOrder, groupByKey } from './per-key-in-order.ts';
export { topicsBelowRecordLimit, type TopicRecordLimit } from './topic-record-limit.ts';
export { PermanentRecordError, isPermanentRecordError } from './permanent-record-error.ts';
export {
  decodeRecord,
  decodeKey,
  DECODE_ERROR_CODES,
  DEFAULT_MAX_RECORD_BYTES,
  type DecodeErrorCode,
  type DecodeResult,
} from './decode-record.ts';
export { buildDeadLetter, DLQ_HEADERS, type DeadLetterReason } from './dead-letter.ts';
export { CONSUMER_RETRY_POLICY } from './consumer-retry-policy.ts';
export {
  DEFAULT_TOPIC_PARTITIONS,
  ensureTopics,
  ensureTopicsWith,
  TOPIC_ERROR_CODES,
  type EnsureTopicsOptions,
  type TopicSpec,
} from './ensure-topics.ts';
export {
  consumerMetrics,
  producerMetrics,
  type ConsumerMetrics,
  type ProducerMetrics,
} from './metrics.ts';
export { catalogSubscription } from './catalog-subscription.ts';
export {
  createTransactionalPublisher,
  type GroupOffsets,
  type OutputBatch,
  type SourcePosition,
  type TransactionalPublisher,
  type TransactionalPublisherOptions,
  type TransactionVersion,
} from './transactional-publisher.ts';
export {
  createAtLeastOncePublisher,
  type AtLeastOncePublisherOptions,
} from './at-least-once-publisher.ts';
export {
  createOrderedConsumer,
  DEFAULT_ORDER_CONFIRM_WAIT_MS,
  DEFAULT_ORDER_IDLE_MS,
  DEFAULT_ORDER_LAG_WAIT_MS,
  DEFAULT_MAX_BUFFERED_PER_PARTITION,
  DEFAULT_STALL_MS,
  type OrderedBatch,
  type OrderedBatchContext,
  type OrderedBatchHandler,
  type OrderedBatchResult,
  type OrderedConsumer,
  type OrderedConsumerOptions,
} from './ordered-consumer.ts';
export { checkCoPartitioned, ORDERED_CONSUMER_ERROR_CODES } from './copartition-check.ts';
export { defaultPartitionFor } from './murmur2-partition.ts';
export { orderedMetrics, type OrderedMetrics } from './ordered-metrics.ts';
