import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from '@vigil/observability';
import { reuse } from './metrics.ts';

/** What event-time ordering costs and does: buffers, waits, forced moves, misrouted records. */
export function orderedMetrics(registry: Registry) {
  return {
    buffered: reuse(
      registry,
      'vigil_kafka_ordered_buffered_records',
      () =>
        new Gauge({
          name: 'vigil_kafka_ordered_buffered_records',
          help: 'Records fetched and decoded, waiting for their turn in event-time order.',
          registers: [registry],
        }),
    ),
    bufferedBytes: reuse(
      registry,
      'vigil_kafka_ordered_buffered_bytes',
      () =>
        new Gauge({
          name: 'vigil_kafka_ordered_buffered_bytes',
          help: 'Bytes (record values) of the buffered records; bounded by the per-partition buffer cap.',
          registers: [registry],
        }),
    ),
    pausedPartitions: reuse(
      registry,
      'vigil_kafka_paused_partitions',
      () =>
        new Gauge({
          name: 'vigil_kafka_paused_partitions',
          help: 'Input partitions not fetched because their buffer is full (another input holds the merge back).',
          registers: [registry],
        }),
    ),
    processingDelay: reuse(
      registry,
      'vigil_kafka_ordered_processing_delay_seconds',
      () =>
        new Histogram({
          name: 'vigil_kafka_ordered_processing_delay_seconds',
          help: 'From a record entering the buffer to its unit committing it: ordering waits, handling and the transaction.',
          buckets: LATENCY_BUCKETS_SECONDS,
          registers: [registry],
        }),
    ),
    batchSeconds: reuse(
      registry,
      'vigil_kafka_ordered_batch_seconds',
      () =>
        new Histogram({
          name: 'vigil_kafka_ordered_batch_seconds',
          help: 'Time to handle one merged batch (all units, in event-time order) and commit its units’ transactions, retries excluded.',
          buckets: LATENCY_BUCKETS_SECONDS,
          registers: [registry],
        }),
    ),
    held: reuse(
      registry,
      'vigil_kafka_order_holds_total',
      () =>
        new Counter({
          name: 'vigil_kafka_order_holds_total',
          help: 'Times the merge held its next record back, by reason: idle (an input caught up but empty, within the idle bound), lagging (an input with unread records), unknown (an input not fetched yet), unconfirmed (an input caught up by the fetch that brought the record, waiting for a fetch sent after it).',
          labelNames: ['reason'],
          registers: [registry],
        }),
    ),
    forced: reuse(
      registry,
      'vigil_kafka_order_forced_total',
      () =>
        new Counter({
          name: 'vigil_kafka_order_forced_total',
          help: 'Times the merge stopped waiting for an input partition past the lag bound, by topic and reason: records after that may be out of event-time order.',
          labelNames: ['topic', 'reason'],
          registers: [registry],
        }),
    ),
    misrouted: reuse(
      registry,
      'vigil_kafka_misrouted_records_total',
      () =>
        new Counter({
          name: 'vigil_kafka_misrouted_records_total',
          help: 'Records whose key the default partitioner puts in another partition: their producer does not partition like the other input topics, so cross-topic order cannot hold for them.',
          labelNames: ['topic'],
          registers: [registry],
        }),
    ),
  };
}
export type OrderedMetrics = ReturnType<typeof orderedMetrics>;
