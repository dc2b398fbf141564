import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

// Secrets and PII never reach the logs: tokens, card data, emails and phone numbers are
// censored wherever they appear in a logged object (top level or one/two levels down).
const SENSITIVE_KEYS = [
  'authorization',
  'token',
  'accessToken',
  'password',
  'secret',
  'pan',
  'cardNumber',
  'cvv',
  'email',
  'phone',
  'phoneNumber',
];
export const REDACT_PATHS = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Levels of a logged object searched for binary values: the redaction's depth and one more. */
const BINARY_DEPTH = 4;

function binaryFree(value: unknown, depth: number): unknown {
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (depth === 0 || typeof value !== 'object' || value === null || value instanceof Error)
    return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => binaryFree(item, depth - 1));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const free = binaryFree(item, depth - 1);
    if (free !== item) (copy ??= { ...value })[key] = free;
  }
  return copy ?? value;
}

/**
 * Binary values (a Buffer in a kafkajs debug line: a request's payload) become their size. The
 * redaction's wildcard paths walk into a Buffer's indexed view and throw (`%TypedArray%.prototype
 * .buffer called on incompatible receiver`), which crashed the engine's consumers at
 * LOG_LEVEL=debug; and raw bytes could carry an event's personal data into the logs.
 */
function withoutBinary(object: Record<string, unknown>): Record<string, unknown> {
  return binaryFree(object, BINARY_DEPTH) as Record<string, unknown>;
}

export interface LoggerOptions {
  service: string;
  level?: string;
  /**
   * Where lines go; defaults to stdout, written synchronously: a line is out before the next
   * statement runs (nothing lost to a kill -9), and nothing is left to flush at exit. pino's
   * default asynchronous stdout flushes at exit, and when the reader of stdout is gone (EPIPE)
   * that flush retries forever: the process spins at 100% CPU, past SIGTERM, until SIGKILL.
   * Tests pass a stream to read what was written.
   */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: withoutBinary },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** Keeps the domain and the last two characters of the local part: "jo***hn@example.com" → "***hn@example.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const local = email.slice(0, at);
  return `***${local.slice(-2)}@${email.slice(at + 1)}`;
}

/** Keeps the last four digits of a phone number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-4)}`;
}
