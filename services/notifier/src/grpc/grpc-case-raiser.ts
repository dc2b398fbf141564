import * as grpc from '@grpc/grpc-js';
import { loadCasesPackage, type CaseServiceClient, type RaiseCaseRequest } from '@vigil/protos';
import type { CaseEscalation } from '../domain/case-escalation.ts';
import type { CaseRaiser } from '../verification/case-escalator.ts';
import { VigilError } from '@vigil/errors';

const OUTCOMES = {
  block: 'DECISION_OUTCOME_BLOCK',
} as const;

/** Transport failures and overload are worth retrying; a rejected request or bad token is not. */
const RETRYABLE_CODES = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.ABORTED,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
]);

function toRequest(escalation: CaseEscalation): RaiseCaseRequest {
  return {
    decisionId: escalation.decisionId,
    eventId: escalation.eventId,
    eventType: escalation.eventType,
    accountId: escalation.accountId,
    score: escalation.score,
    outcome: OUTCOMES[escalation.outcome],
    reasons: escalation.reasons.map((reason) => ({
      rule: reason.rule,
      score: reason.score,
      message: reason.message,
      ...(reason.observed === undefined ? {} : { observed: String(reason.observed) }),
      ...(reason.threshold === undefined ? {} : { threshold: String(reason.threshold) }),
    })),
    occurredAt: escalation.occurredAt,
    decidedAt: escalation.decidedAt,
    subject: {
      ...(escalation.subject.transactionId === undefined ? {} : { transactionId: escalation.subject.transactionId }),
      ...(escalation.subject.deviceId === undefined ? {} : { deviceId: escalation.subject.deviceId }),
      ...(escalation.subject.ip === undefined ? {} : { ip: escalation.subject.ip }),
    },
  };
}

/** RaiseCase on vigil.cases.v1.CaseService with the notifier's service-role bearer token. */
export function createGrpcCaseRaiser(options: { address: string; token: string; deadlineMs: number }): CaseRaiser {
  const pkg = loadCasesPackage();
  const client: CaseServiceClient = new pkg.vigil.cases.v1.CaseService(options.address, grpc.credentials.createInsecure());
  return {
    raise(escalation) {
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${options.token}`);
      return new Promise((resolve, reject) => {
        client.raiseCase(
          toRequest(escalation),
          metadata,
          { deadline: new Date(Date.now() + options.deadlineMs) },
          (error, response) => {
            if (error) {
              reject(
                new VigilError('CASE_SERVICE_FAILED', `RaiseCase: ${error.message}`, {
                  retryable: RETRYABLE_CODES.has(error.code),
                  cause: error,
                }),
              );
              return;
            }
            if (!response?.caseId) {
              reject(new VigilError('CASE_SERVICE_FAILED', 'RaiseCase returned no case id', { retryable: true }));
              return;
            }
            resolve({ caseId: response.caseId });
          },
        );
      });
    },
    close() {
      client.close();
    },
  };
}
