import { status } from '@grpc/grpc-js';
import { isCaseServiceError } from '@vigil/protos';
import { consoleError, type ConsoleError } from '../domain/console-errors.ts';
import type { ApiErrorCode } from '../domain/console-model.ts';

const BY_GRPC_CODE: Partial<Record<number, ApiErrorCode>> = {
  [status.INVALID_ARGUMENT]: 'INVALID_REQUEST',
  [status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [status.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [status.NOT_FOUND]: 'NOT_FOUND',
  // A refused transition: the case is already resolved.
  [status.FAILED_PRECONDITION]: 'CONFLICT',
};

/**
 * case-service's refusal in the console's words. Its message is kept for refusals (it names the
 * rule: "case is assigned to agent-bob; resolving it needs a supervisor"); for outages the agent
 * gets "unavailable" and the cause stays in the log.
 */
export function toConsoleError(error: unknown): ConsoleError {
  if (!isCaseServiceError(error))
    return consoleError('INTERNAL', 'internal error', { cause: error });
  if (error.retryable)
    return consoleError('UNAVAILABLE', 'case-service is unavailable', { cause: error });
  const code = BY_GRPC_CODE[error.details.grpcCode] ?? 'INTERNAL';
  return consoleError(code, code === 'INTERNAL' ? 'internal error' : error.details.grpcDetails, {
    cause: error,
  });
}
