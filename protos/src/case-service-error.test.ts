import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { BAD_REQUEST_METADATA_KEY, caseServiceError } from './case-service-error.ts';

function grpcError(code: status, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
}

describe('caseServiceError', () => {
  it('marks outages retryable and keeps the gRPC code and message', () => {
    const error = caseServiceError('RaiseCase', grpcError(status.UNAVAILABLE, 'no connection'));
    expect(error).toMatchObject({
      code: 'CASE_SERVICE_UNAVAILABLE',
      retryable: true,
      message: 'RaiseCase failed: no connection',
      details: { grpcCode: status.UNAVAILABLE, grpcDetails: 'no connection' },
    });
  });

  it("marks refusals (auth, rules) as not retryable: retrying cannot change the server's answer", () => {
    const error = caseServiceError(
      'ResolveCase',
      grpcError(status.FAILED_PRECONDITION, 'case c-1 is already resolved'),
    );
    expect(error).toMatchObject({
      code: 'CASE_SERVICE_REJECTED',
      retryable: false,
      details: { grpcCode: status.FAILED_PRECONDITION },
    });
  });

  it('reads field violations from the bad-request metadata and ignores malformed ones', () => {
    const metadata = new Metadata();
    metadata.set(
      BAD_REQUEST_METADATA_KEY,
      JSON.stringify({ fieldViolations: [{ field: 'score', description: 'too high' }, { x: 1 }] }),
    );
    const error = caseServiceError(
      'RaiseCase',
      grpcError(status.INVALID_ARGUMENT, 'bad', metadata),
    );
    expect(error.details.fieldViolations).toEqual([{ field: 'score', description: 'too high' }]);
    const garbled = new Metadata();
    garbled.set(BAD_REQUEST_METADATA_KEY, '{not json');
    expect(
      caseServiceError('RaiseCase', grpcError(status.INVALID_ARGUMENT, 'bad', garbled)).details,
    ).not.toHaveProperty('fieldViolations');
  });

  it('treats an answer without content as an unknown, retryable failure', () => {
    expect(caseServiceError('RaiseCase', undefined, 'no case id in the response')).toMatchObject({
      code: 'CASE_SERVICE_UNAVAILABLE',
      retryable: true,
      message: 'RaiseCase failed: no case id in the response',
      details: { grpcCode: status.UNKNOWN },
    });
  });
});
