import type { ZodType } from 'zod';
import type { RawRecord } from './consumed-record.ts';

export const DECODE_ERROR_CODES = [
  'RECORD_EMPTY',
  'RECORD_TOO_LARGE',
  'RECORD_NOT_UTF8',
  'RECORD_NOT_JSON',
  'RECORD_SCHEMA_INVALID',
] as const;
export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

export type DecodeResult<T> =
  { ok: true; value: T } | { ok: false; code: DecodeErrorCode; message: string };

/** Default per-record limit: Vigil events are a few KB; anything near Kafka's 1 MB cap is abuse. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

// fatal: true makes invalid UTF-8 (binary payloads) an error instead of U+FFFD replacements.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * bytes → UTF-8 → JSON → zod. Pure: the runner dead-letters whatever this rejects, with the code
 * as the `vigil-error-code` header. Zod strips unknown keys, so extra upstream fields pass.
 */
export function decodeRecord<T>(
  record: Pick<RawRecord, 'value'>,
  schema: ZodType<T>,
  maxBytes: number,
): DecodeResult<T> {
  const bytes = record.value;
  if (bytes === null || bytes.length === 0)
    return { ok: false, code: 'RECORD_EMPTY', message: 'record has no value' };
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      code: 'RECORD_TOO_LARGE',
      message: `record is ${bytes.length} bytes, limit ${maxBytes}`,
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, code: 'RECORD_NOT_UTF8', message: 'record value is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      code: 'RECORD_NOT_JSON',
      message: `record value is not JSON: ${(error as Error).message}`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, code: 'RECORD_SCHEMA_INVALID', message: issues };
  }
  return { ok: true, value: parsed.data };
}

/** Record keys are accountIds (UTF-8 text); a key that is not valid text is kept as lossy text. */
export function decodeKey(key: Buffer | null): string | null {
  return key === null ? null : key.toString('utf8');
}
