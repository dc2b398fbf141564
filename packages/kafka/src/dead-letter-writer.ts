import type { Batch, KafkaMessage } from 'kafkajs';
import type { Logger } from '@vigil/observability';
import type { RawRecord } from './consumed-record.ts';
import { buildDeadLetter, type DeadLetterReason } from './dead-letter.ts';
import type { EventProducer } from './event-producer.ts';
import type { ConsumerMetrics } from './metrics.ts';

export interface DeadLetterItem {
  raw: RawRecord;
  reason: DeadLetterReason;
}

// A schema error lists every failing field; the first few hundred characters say enough.
const MAX_LOGGED_REASON_CHARS = 300;

/** A fetched message as it was read, before decoding: what a dead letter carries verbatim. */
export function rawRecordOf(batch: Batch, message: KafkaMessage): RawRecord {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

/**
 * Sends records that can never be processed to their `<topic>.dlq` (original bytes, the reason
 * in headers), counts and logs each; resolves once the broker has them all.
 */
export function deadLetterWriter(
  dlq: EventProducer,
  metrics: ConsumerMetrics,
  logger: Logger,
): (items: readonly DeadLetterItem[]) => Promise<void> {
  return async (items) => {
    if (items.length === 0) return;
    const now = new Date();
    const letters = items.map(({ raw, reason }) => buildDeadLetter(raw, reason, now));
    await dlq.sendRaw(letters.map(({ topic, message }) => ({ topic, messages: [message] })));
    for (const { raw, reason } of items) {
      metrics.deadLetters.inc({ topic: raw.topic, code: reason.code });
      // The reason is in the log line too, so an operator sees why without reading the .dlq.
      logger.warn(
        {
          topic: raw.topic,
          partition: raw.partition,
          offset: raw.offset,
          code: reason.code,
          reason: reason.message.slice(0, MAX_LOGGED_REASON_CHARS),
        },
        'record dead-lettered',
      );
    }
  };
}
