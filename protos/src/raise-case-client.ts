import { caseServiceError } from './case-service-error.ts';
import { createCasesClient } from './cases-client.ts';
import { raiseCaseRequestFromDecision, type RaiseCaseInput } from './raise-case-request.ts';

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

/**
 * RaiseCase from a risk decision, for the services that only raise (risk engine, notifier): the
 * CasesClient narrowed to one call. Failures are CaseServiceErrors (CASE_SERVICE_UNAVAILABLE is
 * retryable; CASE_SERVICE_REJECTED is a bug or a bad token).
 */
export function createRaiseCaseClient(options: RaiseCaseClientOptions): RaiseCaseClient {
  const cases = createCasesClient(options);
  return {
    async raiseCase(decision) {
      const response = await cases.raiseCase(raiseCaseRequestFromDecision(decision));
      // An answer without a case id is no answer: retried like an unknown failure.
      if (!response.caseId)
        throw caseServiceError('RaiseCase', undefined, 'no case id in the response');
      const { caseId, caseCreated, alertCreated } = response;
      return { caseId, caseCreated, alertCreated };
    },
    ready: () => cases.ready(),
    close: () => cases.close(),
  };
}
