import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  loadCasesPackage,
  type ListCasesRequest,
  type ListCasesResponse__Output,
  type RaiseCaseRequest,
  type RaiseCaseResponse__Output,
} from '@vigil/protos';

export interface CasesGrpc {
  raiseCase(request: RaiseCaseRequest): Promise<RaiseCaseResponse__Output>;
  listCases(request: ListCasesRequest): Promise<ListCasesResponse__Output>;
  close(): void;
}

/**
 * A bare CaseService client as the risk engine and consoles use it (bearer token per call).
 * `channel` > 0 gets its own HTTP/2 connection (grpc-js otherwise shares one per target).
 */
export function casesGrpc(address: string, token: string, channel = 0): CasesGrpc {
  const { CaseService } = loadCasesPackage().vigil.cases.v1;
  const client = new CaseService(address, credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': channel > 0 ? 1 : 0,
  });
  const metadata = () => {
    const md = new Metadata();
    md.set('authorization', `Bearer ${token}`);
    return md;
  };
  const deadline = () => ({ deadline: Date.now() + 10_000 });
  const done =
    <T>(resolve: (value: T) => void, reject: (error: Error) => void) =>
    (error: ServiceError | null, value?: T) =>
      error || value === undefined ? reject(error ?? new Error('empty response')) : resolve(value);
  return {
    raiseCase: (request) =>
      new Promise(
        (resolve, reject) =>
          void client.raiseCase(request, metadata(), deadline(), done(resolve, reject)),
      ),
    listCases: (request) =>
      new Promise(
        (resolve, reject) =>
          void client.listCases(request, metadata(), deadline(), done(resolve, reject)),
      ),
    close: () => client.close(),
  };
}
