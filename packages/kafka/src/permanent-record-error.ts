import { VigilError } from '@vigil/errors';
import type { ConsumedRecord } from './consumed-record.ts';

/**
 * Thrown by a handler when ONE record can never be processed (a business-level invalid event,
 * e.g. an unknown currency for FX). The runner dead-letters that record with `code` and goes on;
 * any other error stalls and retries the partition (the ordered consumer, after a few attempts
 * with a non-retryable error, looks for the record itself: see PoisonIsolation).
 */
export class PermanentRecordError extends VigilError {
  readonly record: ConsumedRecord;

  constructor(
    record: ConsumedRecord,
    code: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, { retryable: false, cause: options.cause });
    this.name = 'PermanentRecordError';
    this.record = record;
  }
}

export function isPermanentRecordError(error: unknown): error is PermanentRecordError {
  return error instanceof PermanentRecordError;
}

/**
 * A non-retryable error that named no record, pinned on the record found to cause it (see
 * PoisonIsolation), so that record is dead-lettered with the error's code.
 */
export function permanentErrorOf(record: ConsumedRecord, error: VigilError): PermanentRecordError {
  return new PermanentRecordError(record, error.code, error.message, { cause: error });
}
