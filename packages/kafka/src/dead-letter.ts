import type { Message } from 'kafkajs';
import { dlqTopic } from '@vigil/events';
import type { RawRecord } from './consumed-record.ts';

export const DLQ_HEADERS = {
  errorCode: 'vigil-error-code',
  errorMessage: 'vigil-error-message',
  sourceTopic: 'vigil-source-topic',
  sourcePartition: 'vigil-source-partition',
  sourceOffset: 'vigil-source-offset',
  failedAt: 'vigil-failed-at',
} as const;

export interface DeadLetterReason {
  code: string;
  message: string;
}

// Header values stay small: an error message quoting a huge payload must not make the DLQ
// record itself too large to produce.
const MAX_MESSAGE_CHARS = 1_000;

/**
 * The DLQ record keeps the ORIGINAL key and value bytes and original headers, so it can be
 * inspected and replayed verbatim; the vigil-* headers say why and where it came from.
 */
export function buildDeadLetter(
  record: RawRecord,
  reason: DeadLetterReason,
  failedAt: Date,
): { topic: string; message: Message } {
  return {
    topic: dlqTopic(record.topic),
    message: {
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        [DLQ_HEADERS.errorCode]: reason.code,
        [DLQ_HEADERS.errorMessage]: reason.message.slice(0, MAX_MESSAGE_CHARS),
        [DLQ_HEADERS.sourceTopic]: record.topic,
        [DLQ_HEADERS.sourcePartition]: String(record.partition),
        [DLQ_HEADERS.sourceOffset]: record.offset,
        [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
      },
    },
  };
}
