import * as grpc from '@grpc/grpc-js';
import { loadCasesPackage, type RaiseCaseRequest__Output, type RaiseCaseResponse } from '@vigil/protos';

/**
 * A real gRPC server speaking vigil.cases.v1 on an ephemeral port that answers RaiseCase only
 * (idempotent on decisionId, like case-service) and keeps each request with its bearer token.
 * `failNext` makes the next calls fail UNAVAILABLE, as an outage would.
 */
export async function startCaseServiceStub() {
  const calls: { request: RaiseCaseRequest__Output; authorization: string | undefined }[] = [];
  const cases = new Map<string, string>();
  let failures = 0;
  const server = new grpc.Server();
  const pkg = loadCasesPackage();
  const implementation: grpc.UntypedServiceImplementation = {
    raiseCase(
      call: grpc.ServerUnaryCall<RaiseCaseRequest__Output, RaiseCaseResponse>,
      callback: grpc.sendUnaryData<RaiseCaseResponse>,
    ) {
      calls.push({ request: call.request, authorization: call.metadata.get('authorization')[0]?.toString() });
      if (failures > 0) {
        failures -= 1;
        callback({ code: grpc.status.UNAVAILABLE, details: 'case-service restarting' });
        return;
      }
      const existing = cases.get(call.request.decisionId);
      const caseId = existing ?? `case-${cases.size + 1}`;
      cases.set(call.request.decisionId, caseId);
      callback(null, { caseId, alertId: `alert-${call.request.decisionId}`, caseCreated: !existing, alertCreated: !existing });
    },
  };
  server.addService(pkg.vigil.cases.v1.CaseService.service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    calls,
    failNext(count: number) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
