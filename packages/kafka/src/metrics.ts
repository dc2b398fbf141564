import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from '@vigil/observability';

type AnyMetric = Counter | Gauge | Histogram;

// Several runners/producers in one service share the service registry: reuse a metric that is
// already registered instead of throwing on the duplicate name.
export function reuse<M extends AnyMetric>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

export function consumerMetrics(registry: Registry) {
  return {
    consumed: reuse(
      registry,
      'vigil_kafka_records_consumed_total',
      () =>
        new Counter({
          name: 'vigil_kafka_records_consumed_total',
          help: 'Records read from Kafka, before decoding, by topic.',
          labelNames: ['topic'],
          registers: [registry],
        }),
    ),
    processed: reuse(
      registry,
      'vigil_kafka_records_processed_total',
      () =>
        new Counter({
          name: 'vigil_kafka_records_processed_total',
          help: 'Records whose handler completed (their offset committed then or with the next commit), by topic.',
          labelNames: ['topic'],
          registers: [registry],
        }),
    ),
    offsetCommits: reuse(
      registry,
      'vigil_kafka_offset_commits_total',
      () =>
        new Counter({
          name: 'vigil_kafka_offset_commits_total',
          help: 'OffsetCommit requests a consumer runner sent (each covers every partition it had handled records of), by group.',
          labelNames: ['group'],
          registers: [registry],
        }),
    ),
    deadLetters: reuse(
      registry,
      'vigil_kafka_dead_letters_total',
      () =>
        new Counter({
          name: 'vigil_kafka_dead_letters_total',
          help: 'Records sent to the dead-letter topic, by source topic and error code.',
          labelNames: ['topic', 'code'],
          registers: [registry],
        }),
    ),
    retries: reuse(
      registry,
      'vigil_kafka_handler_retries_total',
      () =>
        new Counter({
          name: 'vigil_kafka_handler_retries_total',
          help: 'Batch handler failures that stalled the partition and were retried, by topic and error code.',
          labelNames: ['topic', 'code'],
          registers: [registry],
        }),
    ),
    handlerCalls: reuse(
      registry,
      'vigil_kafka_handler_calls_total',
      () =>
        new Counter({
          name: 'vigil_kafka_handler_calls_total',
          help: 'Calls of the consumer group handler (one per partition batch, or one per fetch with a fetchHandler), retries included.',
          labelNames: ['group'],
          registers: [registry],
        }),
    ),
    batchSeconds: reuse(
      registry,
      'vigil_kafka_batch_duration_seconds',
      () =>
        new Histogram({
          name: 'vigil_kafka_batch_duration_seconds',
          help: 'Time to decode, handle and commit one partition batch, retries included, by topic.',
          labelNames: ['topic'],
          buckets: LATENCY_BUCKETS_SECONDS,
          registers: [registry],
        }),
    ),
    consumeDelaySeconds: reuse(
      registry,
      'vigil_kafka_consume_delay_seconds',
      () =>
        new Histogram({
          name: 'vigil_kafka_consume_delay_seconds',
          help: "From a record's Kafka timestamp to its batch reaching the handler (broker, fetch and queueing; the producer's clock unless the topic uses LogAppendTime), by topic.",
          labelNames: ['topic'],
          buckets: LATENCY_BUCKETS_SECONDS,
          registers: [registry],
        }),
    ),
    lag: reuse(
      registry,
      'vigil_kafka_consumer_lag',
      () =>
        new Gauge({
          name: 'vigil_kafka_consumer_lag',
          help: 'Records behind the high watermark after the last commit, by group, topic and partition.',
          labelNames: ['group', 'topic', 'partition'],
          registers: [registry],
        }),
    ),
    up: reuse(
      registry,
      'vigil_kafka_consumer_up',
      () =>
        new Gauge({
          name: 'vigil_kafka_consumer_up',
          help: '1 while the consumer is a member of its group and not crashed, else 0, by group.',
          labelNames: ['group'],
          registers: [registry],
        }),
    ),
  };
}
export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;

export function producerMetrics(registry: Registry) {
  return {
    produced: reuse(
      registry,
      'vigil_kafka_records_produced_total',
      () =>
        new Counter({
          name: 'vigil_kafka_records_produced_total',
          help: 'Records acknowledged by all in-sync replicas, by topic.',
          labelNames: ['topic'],
          registers: [registry],
        }),
    ),
    errors: reuse(
      registry,
      'vigil_kafka_produce_errors_total',
      () =>
        new Counter({
          name: 'vigil_kafka_produce_errors_total',
          help: 'Produce calls that failed (invalid value or broker error), by topic and error code.',
          labelNames: ['topic', 'code'],
          registers: [registry],
        }),
    ),
  };
}
export type ProducerMetrics = ReturnType<typeof producerMetrics>;
