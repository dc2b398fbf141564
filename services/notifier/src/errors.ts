import { VigilError } from '@vigil/errors';

export const NOTIFIER_ERROR_CODES = [
  /** The provider or SMTP server is down, slow, throttling or answered 5xx: try again later. */
  'CHANNEL_UNAVAILABLE',
  /** The provider refused the message for good (4xx, bad address): retrying cannot help. */
  'CHANNEL_REJECTED',
  /** The customer has no contact preferences or no address for any enabled channel. */
  'NO_CONTACT',
  /** A setting points at something unusable (a missing or oversized logo file): fix it and restart. */
  'CONFIG_INVALID',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
] as const;
export type NotifierErrorCode = (typeof NOTIFIER_ERROR_CODES)[number];

export function notifierError(
  code: NotifierErrorCode,
  message: string,
  options: { retryable: boolean; cause?: unknown; details?: Record<string, unknown> },
): VigilError<NotifierErrorCode> {
  return new VigilError(code, message, options);
}
