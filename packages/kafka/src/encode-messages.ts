import type { IHeaders, Message } from 'kafkajs';
import type { ZodType } from 'zod';
import { VigilError } from '@vigil/errors';

export interface OutgoingMessage<T> {
  value: T;
  /** Defaults to `value.accountId`: every Vigil topic is keyed by account. */
  key?: string;
  headers?: IHeaders;
}

function keyOf(message: OutgoingMessage<unknown>): string {
  if (message.key !== undefined) return message.key;
  const value = message.value as { accountId?: unknown } | null;
  if (value !== null && typeof value === 'object' && typeof value.accountId === 'string')
    return value.accountId;
  throw new VigilError('PRODUCE_NO_KEY', 'message has no key and its value has no accountId', {
    retryable: false,
  });
}

/**
 * Validates every value against its schema and JSON-encodes it. A value that fails is a bug
 * upstream of the producer; retrying cannot fix it, so the error is not retryable and nothing
 * of the batch is sent.
 */
export function encodeMessages<T>(
  topic: string,
  schema: ZodType<T>,
  messages: readonly OutgoingMessage<T>[],
  onInvalid: (code: 'PRODUCE_INVALID_EVENT') => void = () => undefined,
): Message[] {
  return messages.map((message, index) => {
    const parsed = schema.safeParse(message.value);
    if (!parsed.success) {
      onInvalid('PRODUCE_INVALID_EVENT');
      throw new VigilError(
        'PRODUCE_INVALID_EVENT',
        `message ${index} for ${topic} fails its schema`,
        {
          retryable: false,
          details: { issues: parsed.error.issues.slice(0, 5) },
        },
      );
    }
    return { key: keyOf(message), value: JSON.stringify(parsed.data), headers: message.headers };
  });
}
