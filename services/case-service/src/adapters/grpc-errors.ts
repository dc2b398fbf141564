import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { classifyError, isVigilError } from '@vigil/errors';
// The contract's bad-request metadata key, shared with the client that reads it back.
import { BAD_REQUEST_METADATA_KEY } from '@vigil/protos';

const STATUS_BY_CODE: Record<string, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  DEPENDENCY_UNAVAILABLE: status.UNAVAILABLE,
};

/**
 * Turns any thrown error into a gRPC status. Callers' mistakes keep their message; unexpected
 * failures say only "internal error" (the log has the cause), so SQL never leaks to clients.
 */
export function toGrpcStatus(error: unknown): StatusObject {
  const classified = isVigilError(error) ? error : classifyError(error);
  const code = STATUS_BY_CODE[classified.code] ?? status.INTERNAL;
  const metadata = new Metadata();
  const violations = classified.details?.fieldViolations;
  if (Array.isArray(violations))
    metadata.set(BAD_REQUEST_METADATA_KEY, JSON.stringify({ fieldViolations: violations }));
  const details =
    code === status.INTERNAL
      ? 'internal error'
      : code === status.UNAVAILABLE
        ? 'a dependency is unavailable; retry'
        : classified.message;
  return { code, details, metadata };
}

export function statusName(code: status): string {
  return status[code] ?? String(code);
}
