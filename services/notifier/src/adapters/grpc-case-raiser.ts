import { createRaiseCaseClient } from '@vigil/protos';
import type { CaseRaiser } from '../app/ports.ts';

/** RaiseCase on vigil.cases.v1.CaseService with the notifier's service-role bearer token. */
export function createGrpcCaseRaiser(options: {
  address: string;
  token: string;
  deadlineMs: number;
}): CaseRaiser {
  const client = createRaiseCaseClient(options);
  return {
    raise: (escalation) => client.raiseCase(escalation),
    close: () => client.close(),
  };
}
