import { status } from '@grpc/grpc-js';
import { VigilError } from '@vigil/errors';
import {
  createRaiseCaseClient,
  isCaseServiceError,
  type RaiseCaseClientOptions,
} from '@vigil/protos';
import type { CaseGateway, CaseGatewayErrorCode } from '../app/ports.ts';

export interface GrpcCaseGateway extends CaseGateway {
  /** The channel can reach case-service now (readiness). */
  ready(): Promise<boolean>;
  close(): void;
}

/**
 * RaiseCase on vigil.cases.v1.CaseService with the engine's service-role token. INVALID_ARGUMENT
 * (case-service refuses this decision as it is) becomes CASE_DECISION_REFUSED; every other
 * failure stays a CaseServiceError, to be retried (UNAVAILABLE, deadlines, and also a bad token:
 * a deployment fault that must stall and alert, never drop cases).
 */
export function createGrpcCaseGateway(options: RaiseCaseClientOptions): GrpcCaseGateway {
  const client = createRaiseCaseClient(options);
  const refused: CaseGatewayErrorCode = 'CASE_DECISION_REFUSED';
  return {
    async raiseCase(decision) {
      try {
        return await client.raiseCase(decision);
      } catch (error) {
        if (isCaseServiceError(error) && error.details.grpcCode === Number(status.INVALID_ARGUMENT))
          throw new VigilError(refused, error.message, {
            retryable: false,
            cause: error,
            details: { ...error.details },
          });
        throw error;
      }
    },
    ready: () => client.ready(),
    close: () => client.close(),
  };
}
