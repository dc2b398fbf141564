import {
  credentials,
  Metadata,
  type CallOptions,
  type ClientUnaryCall,
  type requestCallback,
  type ClientReadableStream,
} from '@grpc/grpc-js';
import {
  loadCasesPackage,
  type AccountActionRequest,
  type AccountActionResponse__Output,
  type AddNoteRequest,
  type AssignCaseRequest,
  type Case__Output,
  type CaseChange__Output,
  type CaseSummary__Output,
  type GetCaseRequest,
  type ListCasesRequest,
  type ListCasesResponse__Output,
  type Note__Output,
  type RaiseCaseRequest,
  type RaiseCaseResponse__Output,
  type ResolveCaseRequest,
  type WatchCasesRequest,
} from '@vigil/protos';

type Unary<Req, Res> = (
  argument: Req,
  metadata: Metadata,
  options: CallOptions,
  callback: requestCallback<Res>,
) => ClientUnaryCall;

/** Promise-based CaseService client that sends the bearer token on every call (CLI and tests). */
export interface CasesClient {
  raiseCase(request: RaiseCaseRequest): Promise<RaiseCaseResponse__Output>;
  getCase(request: GetCaseRequest): Promise<Case__Output>;
  listCases(request: ListCasesRequest): Promise<ListCasesResponse__Output>;
  assignCase(request: AssignCaseRequest): Promise<CaseSummary__Output>;
  addNote(request: AddNoteRequest): Promise<Note__Output>;
  resolveCase(request: ResolveCaseRequest): Promise<CaseSummary__Output>;
  lockAccount(request: AccountActionRequest): Promise<AccountActionResponse__Output>;
  unlockAccount(request: AccountActionRequest): Promise<AccountActionResponse__Output>;
  watchCases(request: WatchCasesRequest): ClientReadableStream<CaseChange__Output>;
  close(): void;
}

export function createCasesClient(options: {
  address: string;
  token?: string;
  deadlineMs?: number;
}): CasesClient {
  const { CaseService } = loadCasesPackage().vigil.cases.v1;
  const client = new CaseService(options.address, credentials.createInsecure());
  const metadata = () => {
    const md = new Metadata();
    if (options.token !== undefined) md.set('authorization', `Bearer ${options.token}`);
    return md;
  };
  const call =
    <Req, Res>(method: Unary<Req, Res>) =>
    (request: Req) =>
      new Promise<Res>((resolve, reject) => {
        method(
          request,
          metadata(),
          { deadline: Date.now() + (options.deadlineMs ?? 10_000) },
          (error, response) =>
            error || response === undefined
              ? reject(error ?? new Error('empty response'))
              : resolve(response),
        );
      });
  return {
    raiseCase: call((r, m, o, cb) => client.raiseCase(r, m, o, cb)),
    getCase: call((r, m, o, cb) => client.getCase(r, m, o, cb)),
    listCases: call((r, m, o, cb) => client.listCases(r, m, o, cb)),
    assignCase: call((r, m, o, cb) => client.assignCase(r, m, o, cb)),
    addNote: call((r, m, o, cb) => client.addNote(r, m, o, cb)),
    resolveCase: call((r, m, o, cb) => client.resolveCase(r, m, o, cb)),
    lockAccount: call((r, m, o, cb) => client.lockAccount(r, m, o, cb)),
    unlockAccount: call((r, m, o, cb) => client.unlockAccount(r, m, o, cb)),
    watchCases: (request) => client.watchCases(request, metadata()),
    close: () => client.close(),
  };
}
