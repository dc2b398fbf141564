/**
 * Every failure Vigil raises carries a stable code and whether retrying can help. Retryability
 * is data, not a guess made by each caller: the Kafka runner stalls and retries a partition on a
 * retryable error and dead-letters the record on a permanent one.
 */
export class VigilError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: Code,
    message: string,
    options: { retryable: boolean; cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigilError';
    this.code = code;
    this.retryable = options.retryable;
    this.details = options.details;
  }
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError;
}
