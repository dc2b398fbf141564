import { VigilError } from '@vigil/errors';
import type { ApiErrorCode } from './console-model.ts';

export type ConsoleError = VigilError<ApiErrorCode>;

/** Only an unavailable case-service (or an internal hiccup) goes away by trying again. */
export function consoleError(
  code: ApiErrorCode,
  message: string,
  options: { cause?: unknown } = {},
): ConsoleError {
  return new VigilError(code, message, {
    retryable: code === 'UNAVAILABLE',
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}
