import { status, type ServiceError } from '@grpc/grpc-js';
import { isVigilError, VigilError } from '@vigil/errors';

/** Metadata key of a CaseService INVALID_ARGUMENT: google.rpc.BadRequest-shaped JSON. */
export const BAD_REQUEST_METADATA_KEY = 'vigil-bad-request';

/** What a CaseService call fails with, as seen by its callers. */
export const CASE_SERVICE_ERROR_CODES = [
  'CASE_SERVICE_UNAVAILABLE',
  'CASE_SERVICE_REJECTED',
] as const;
export type CaseServiceErrorCode = (typeof CASE_SERVICE_ERROR_CODES)[number];

/** One field the server refused, from the bad-request metadata. */
export interface CaseFieldViolation {
  field: string;
  description: string;
}

/**
 * `details` of every CaseService error: the gRPC status code and the server's own message (which
 * names the refused rule), and for INVALID_ARGUMENT the fields at fault.
 */
export interface CaseServiceErrorDetails {
  grpcCode: number;
  grpcDetails: string;
  fieldViolations?: CaseFieldViolation[];
}

export type CaseServiceError = VigilError<CaseServiceErrorCode> & {
  readonly details: Readonly<CaseServiceErrorDetails>;
};

// Codes after which the same call can succeed later. Anything else (bad token, invalid request,
// a refused transition) is a caller's or deployment's bug: not retryable, so it says "fix me".
const TRANSIENT = new Set<number>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
  status.INTERNAL,
  status.UNKNOWN,
]);

function isViolation(value: unknown): value is CaseFieldViolation {
  if (typeof value !== 'object' || value === null) return false;
  const { field, description } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof description === 'string';
}

// The metadata is the server's, but a proxy or an older build may send anything: keep only
// well-formed violations rather than fail the error mapping itself.
function fieldViolations(error: Partial<ServiceError>): CaseFieldViolation[] | undefined {
  const raw = error.metadata?.get(BAD_REQUEST_METADATA_KEY)[0];
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(String(raw)) as { fieldViolations?: unknown };
    const list = Array.isArray(parsed.fieldViolations) ? parsed.fieldViolations : [];
    return list.filter(isViolation);
  } catch {
    return undefined;
  }
}

/** Maps a failed call (or an answer without the expected content) to a CaseServiceError. */
export function caseServiceError(
  method: string,
  error: Partial<ServiceError> | undefined,
  fallback = 'no response',
): CaseServiceError {
  const code = error?.code ?? status.UNKNOWN;
  const grpcDetails = error?.details ?? fallback;
  const violations = error ? fieldViolations(error) : undefined;
  const details: CaseServiceErrorDetails = {
    grpcCode: code,
    grpcDetails,
    ...(violations ? { fieldViolations: violations } : {}),
  };
  return new VigilError(
    TRANSIENT.has(code) ? 'CASE_SERVICE_UNAVAILABLE' : 'CASE_SERVICE_REJECTED',
    `${method} failed: ${grpcDetails}`,
    { retryable: TRANSIENT.has(code), cause: error, details: { ...details } },
  ) as CaseServiceError;
}

export function isCaseServiceError(error: unknown): error is CaseServiceError {
  return (
    isVigilError(error) && (CASE_SERVICE_ERROR_CODES as readonly string[]).includes(error.code)
  );
}
