import type { Message } from 'kafkajs';
import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import type { RecordHeaders } from './consumed-record.ts';
import { DLQ_HEADERS } from './dead-letter.ts';

/** Header naming the dead letter a redriven record came from: `<dlq topic>/<partition>/<offset>`. */
export const REDRIVEN_FROM_HEADER = 'vigil-redriven-from';

const DLQ_HEADER_NAMES = new Set<string>(Object.values(DLQ_HEADERS));

/** What buildDeadLetter wrote in the vigil-* headers; a record without them is not a dead letter. */
const deadLetterHeaders = z.object({
  [DLQ_HEADERS.errorCode]: z.string().min(1),
  [DLQ_HEADERS.errorMessage]: z.string(),
  [DLQ_HEADERS.sourceTopic]: z.string().min(1),
  [DLQ_HEADERS.sourcePartition]: z.coerce.number().int().nonnegative(),
  [DLQ_HEADERS.sourceOffset]: z.string().regex(/^\d+$/),
  [DLQ_HEADERS.failedAt]: z.iso.datetime({ offset: true }),
});

/** One record of a dead-letter topic: why and where it failed, and the original record. */
export interface DeadLetterView {
  /** Where it sits in the dead-letter topic. */
  partition: number;
  offset: string;
  errorCode: string;
  errorMessage: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  failedAt: string;
  /**
   * The dead letter it was redriven from (`<dlq topic>/<partition>/<offset>`) when it failed again
   * after a redrive: its cause was not fixed, and redriving it again loops.
   */
  redrivenFrom?: string;
  /** The original key, value and headers, byte for byte (the vigil-* headers left out). */
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
}

function headerText(value: RecordHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** A record read back from a dead-letter topic, as kafkajs gives it. */
export interface DeadLetterRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
}

/**
 * A dead letter read back, or a VigilError DLQ_RECORD_INVALID (not retryable) saying why the
 * record is not one (no vigil-* headers, or malformed ones).
 */
export function parseDeadLetter(
  record: DeadLetterRecord,
): { ok: true; letter: DeadLetterView } | { ok: false; error: VigilError } {
  const { headers } = record;
  const parsed = deadLetterHeaders.safeParse(
    Object.fromEntries([...DLQ_HEADER_NAMES].map((name) => [name, headerText(headers[name])])),
  );
  if (!parsed.success)
    return {
      ok: false,
      error: new VigilError(
        'DLQ_RECORD_INVALID',
        `offset ${record.offset} of partition ${record.partition} is not a dead letter: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.')} ${issue.message}`)
          .join('; ')}`,
        { retryable: false },
      ),
    };
  const h = parsed.data;
  const redrivenFrom = headerText(headers[REDRIVEN_FROM_HEADER]);
  const original: RecordHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (!DLQ_HEADER_NAMES.has(name)) original[name] = value;
  return {
    ok: true,
    letter: {
      partition: record.partition,
      offset: record.offset,
      errorCode: h[DLQ_HEADERS.errorCode],
      errorMessage: h[DLQ_HEADERS.errorMessage],
      sourceTopic: h[DLQ_HEADERS.sourceTopic],
      sourcePartition: h[DLQ_HEADERS.sourcePartition],
      sourceOffset: h[DLQ_HEADERS.sourceOffset],
      failedAt: h[DLQ_HEADERS.failedAt],
      ...(redrivenFrom === undefined ? {} : { redrivenFrom }),
      key: record.key,
      value: record.value,
      headers: original,
    },
  };
}

/**
 * The record to put back on its source topic: the original key, value and headers, so it is
 * read as it first was (same eventId: consumers that decided it meanwhile find it a duplicate),
 * plus where it came from.
 */
export function redrivenMessage(letter: DeadLetterView, dlqTopic: string): Message {
  return {
    key: letter.key,
    value: letter.value,
    headers: {
      ...letter.headers,
      [REDRIVEN_FROM_HEADER]: `${dlqTopic}/${letter.partition}/${letter.offset}`,
    },
  };
}
