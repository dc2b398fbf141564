import { VigilError } from '@vigil/errors';

/** Failures the case service reports to callers; each maps onto one gRPC status code. */
export const CASE_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
] as const;
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];

export interface FieldViolation {
  field: string;
  description: string;
}

export function caseError(
  code: CaseErrorCode,
  message: string,
  details?: Record<string, unknown>,
): VigilError<CaseErrorCode> {
  // A caller's mistake does not go away by retrying.
  return new VigilError(code, message, { retryable: false, ...(details ? { details } : {}) });
}

export function invalidArgument(violations: FieldViolation[]): VigilError<CaseErrorCode> {
  const message = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return caseError('INVALID_ARGUMENT', message, { fieldViolations: violations });
}
