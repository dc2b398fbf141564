import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { VigilError } from '@vigil/errors';
import type { RiskDecision } from '@vigil/events';
import { loadCasesPackage, raiseCaseRequestFromDecision } from '@vigil/protos';
import type { CaseGateway } from '../app/ports.ts';

// Codes after which the same call can succeed later. Anything else (bad token, invalid request)
// is a deployment or code bug: still retried by the runner, because skipping would lose a case,
// but reported as not retryable so the error metric says "fix me", not "wait".
const TRANSIENT = new Set([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
  status.INTERNAL,
  status.UNKNOWN,
]);

export interface GrpcCaseGatewayOptions {
  address: string;
  token: string;
  deadlineMs: number;
}

/** RaiseCase over gRPC with the service token; idempotent on decisionId on the server side. */
export class GrpcCaseGateway implements CaseGateway {
  private readonly client;

  constructor(private readonly options: GrpcCaseGatewayOptions) {
    const { CaseService } = loadCasesPackage().vigil.cases.v1;
    this.client = new CaseService(options.address, credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.enable_retries': 1,
    });
  }

  raiseCase(decision: RiskDecision): Promise<{ caseId: string }> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${this.options.token}`);
    return new Promise((resolve, reject) => {
      this.client.raiseCase(
        raiseCaseRequestFromDecision(decision),
        metadata,
        { deadline: Date.now() + this.options.deadlineMs },
        (error: ServiceError | null, response) => {
          if (error || !response) {
            const code = error?.code ?? status.UNKNOWN;
            reject(
              new VigilError(
                TRANSIENT.has(code) ? 'CASE_SERVICE_UNAVAILABLE' : 'CASE_SERVICE_REJECTED',
                `RaiseCase failed: ${error?.details ?? 'empty response'}`,
                {
                  retryable: TRANSIENT.has(code),
                  cause: error,
                  details: { grpcCode: code },
                },
              ),
            );
            return;
          }
          resolve({ caseId: response.caseId });
        },
      );
    });
  }

  /** Readiness: the channel can reach case-service now. */
  ready(): Promise<boolean> {
    return new Promise((resolve) => {
      this.client.waitForReady(Date.now() + 1_000, (error) => resolve(!error));
    });
  }

  close(): void {
    this.client.close();
  }
}
