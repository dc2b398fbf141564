import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { VigilError } from '@vigil/errors';
import { loadCasesPackage } from './load-cases.ts';
import { raiseCaseRequestFromDecision, type RaiseCaseInput } from './raise-case-request.ts';

// Codes after which the same call can succeed later. Anything else (bad token, invalid request)
// is a deployment or code bug: reported as not retryable so the error says "fix me", not "wait".
const TRANSIENT = new Set<number>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
  status.INTERNAL,
  status.UNKNOWN,
]);

export interface RaiseCaseClientOptions {
  address: string;
  /** Bearer token of a principal with the `service` role. */
  token: string;
  deadlineMs: number;
}

export interface RaiseCaseClient {
  /** Idempotent on decisionId at case-service: retrying after a timeout attaches one alert. */
  raiseCase(
    decision: RaiseCaseInput,
  ): Promise<{ caseId: string; caseCreated: boolean; alertCreated: boolean }>;
  /** The channel can reach case-service now (readiness probes). */
  ready(): Promise<boolean>;
  close(): void;
}

/** The one RaiseCase caller used by every service (risk engine, notifier). */
export function createRaiseCaseClient(options: RaiseCaseClientOptions): RaiseCaseClient {
  const { CaseService } = loadCasesPackage().vigil.cases.v1;
  const client = new CaseService(options.address, credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
  });
  return {
    raiseCase(decision) {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${options.token}`);
      return new Promise((resolve, reject) => {
        client.raiseCase(
          raiseCaseRequestFromDecision(decision),
          metadata,
          { deadline: Date.now() + options.deadlineMs },
          (error: ServiceError | null, response) => {
            if (error || !response?.caseId) {
              const code = error?.code ?? status.UNKNOWN;
              reject(
                new VigilError(
                  TRANSIENT.has(code) ? 'CASE_SERVICE_UNAVAILABLE' : 'CASE_SERVICE_REJECTED',
                  `RaiseCase failed: ${error?.details ?? 'no case id in the response'}`,
                  { retryable: TRANSIENT.has(code), cause: error, details: { grpcCode: code } },
                ),
              );
              return;
            }
            resolve({
              caseId: response.caseId,
              caseCreated: response.caseCreated,
              alertCreated: response.alertCreated,
            });
          },
        );
      });
    },
    ready: () =>
      new Promise((resolve) => {
        client.waitForReady(Date.now() + 1_000, (error) => resolve(!error));
      }),
    close: () => client.close(),
  };
}
