import {
  credentials,
  Metadata,
  type CallOptions,
  type ClientUnaryCall,
  type requestCallback,
} from '@grpc/grpc-js';
import { caseServiceError } from './case-service-error.ts';
import { mapWatchErrors, type CaseWatch } from './case-watch.ts';
import type {
  AccountActionRequest,
  AccountActivity__Output,
  AccountActionResponse__Output,
  AddNoteRequest,
  AssignCaseRequest,
  Caller__Output,
  Case__Output,
  CaseSummary__Output,
  DecideRuleSetRequest,
  GetActiveRuleSetRequest,
  GetActiveRuleSetResponse__Output,
  GetAccountActivityRequest,
  GetCaseRequest,
  GetRuleSetRequest,
  ListCasesRequest,
  ListCasesResponse__Output,
  CountCasesRequest,
  CountCasesResponse__Output,
  ListRuleSetsRequest,
  ListRuleSetsResponse__Output,
  Note__Output,
  ProposeRuleSetRequest,
  RaiseCaseRequest,
  RaiseCaseResponse__Output,
  ResolveCaseRequest,
  RollbackRuleSetRequest,
  RollbackRuleSetResponse__Output,
  RuleSetDetail__Output,
  RuleSetVersion__Output,
  WatchCasesRequest,
  WhoAmIRequest,
} from './cases-types.ts';
import { loadCasesPackage } from './load-cases.ts';

type Unary<Req, Res> = (
  argument: Req,
  metadata: Metadata,
  options: CallOptions,
  callback: requestCallback<Res>,
) => ClientUnaryCall;

export interface CasesClientOptions {
  address: string;
  /** Bearer token sent on every call; without it the server answers UNAUTHENTICATED. */
  token?: string;
  /** Deadline of each unary call (default 10 s). */
  deadlineMs?: number;
}

/**
 * The one CaseService client (risk engine, notifier, CLI, devstack, tests). Every failure is a
 * CaseServiceError: CASE_SERVICE_UNAVAILABLE (retryable) or CASE_SERVICE_REJECTED, with the
 * gRPC code and the server's message in `details`.
 */
export interface CasesClient {
  raiseCase(request: RaiseCaseRequest): Promise<RaiseCaseResponse__Output>;
  getCase(request: GetCaseRequest): Promise<Case__Output>;
  listCases(request: ListCasesRequest): Promise<ListCasesResponse__Output>;
  countCases(request: CountCasesRequest): Promise<CountCasesResponse__Output>;
  assignCase(request: AssignCaseRequest): Promise<CaseSummary__Output>;
  addNote(request: AddNoteRequest): Promise<Note__Output>;
  resolveCase(request: ResolveCaseRequest): Promise<CaseSummary__Output>;
  lockAccount(request: AccountActionRequest): Promise<AccountActionResponse__Output>;
  unlockAccount(request: AccountActionRequest): Promise<AccountActionResponse__Output>;
  watchCases(request: WatchCasesRequest): CaseWatch;
  /** The account's recent flagged decisions, its customer's answers and its disputes. */
  getAccountActivity(request: GetAccountActivityRequest): Promise<AccountActivity__Output>;
  /** The principal and role the client's token stands for. */
  whoAmI(): Promise<Caller__Output>;
  proposeRuleSet(request: ProposeRuleSetRequest): Promise<RuleSetVersion__Output>;
  listRuleSets(request: ListRuleSetsRequest): Promise<ListRuleSetsResponse__Output>;
  getRuleSet(request: GetRuleSetRequest): Promise<RuleSetDetail__Output>;
  approveRuleSet(request: DecideRuleSetRequest): Promise<RuleSetVersion__Output>;
  rejectRuleSet(request: DecideRuleSetRequest): Promise<RuleSetVersion__Output>;
  rollbackRuleSet(request: RollbackRuleSetRequest): Promise<RollbackRuleSetResponse__Output>;
  /** The version risk engines load; `active` is null while none was ever approved. */
  getActiveRuleSet(): Promise<GetActiveRuleSetResponse__Output>;
  /** The channel can reach case-service now (readiness probes). */
  ready(): Promise<boolean>;
  close(): void;
}

const DEFAULT_DEADLINE_MS = 10_000;

export function createCasesClient(options: CasesClientOptions): CasesClient {
  const { CaseService } = loadCasesPackage().vigil.cases.v1;
  // Keepalive notices a dead peer behind an idle connection before the next call waits on it.
  const client = new CaseService(options.address, credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
  });
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const metadata = () => {
    const md = new Metadata();
    if (options.token !== undefined) md.set('authorization', `Bearer ${options.token}`);
    return md;
  };
  const call =
    <Req, Res>(name: string, method: Unary<Req, Res>) =>
    (request: Req) =>
      new Promise<Res>((resolve, reject) => {
        method(request, metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
          error || response === undefined
            ? reject(caseServiceError(name, error ?? undefined, 'empty response'))
            : resolve(response),
        );
      });
  return {
    raiseCase: call('RaiseCase', (r, m, o, cb) => client.raiseCase(r, m, o, cb)),
    getCase: call('GetCase', (r, m, o, cb) => client.getCase(r, m, o, cb)),
    listCases: call('ListCases', (r, m, o, cb) => client.listCases(r, m, o, cb)),
    countCases: call('CountCases', (r, m, o, cb) => client.countCases(r, m, o, cb)),
    assignCase: call('AssignCase', (r, m, o, cb) => client.assignCase(r, m, o, cb)),
    addNote: call('AddNote', (r, m, o, cb) => client.addNote(r, m, o, cb)),
    resolveCase: call('ResolveCase', (r, m, o, cb) => client.resolveCase(r, m, o, cb)),
    lockAccount: call('LockAccount', (r, m, o, cb) => client.lockAccount(r, m, o, cb)),
    unlockAccount: call('UnlockAccount', (r, m, o, cb) => client.unlockAccount(r, m, o, cb)),
    getAccountActivity: call('GetAccountActivity', (r, m, o, cb) =>
      client.getAccountActivity(r, m, o, cb),
    ),
    whoAmI: () =>
      call<WhoAmIRequest, Caller__Output>('WhoAmI', (r, m, o, cb) => client.whoAmI(r, m, o, cb))(
        {},
      ),
    proposeRuleSet: call('ProposeRuleSet', (r, m, o, cb) => client.proposeRuleSet(r, m, o, cb)),
    listRuleSets: call('ListRuleSets', (r, m, o, cb) => client.listRuleSets(r, m, o, cb)),
    getRuleSet: call('GetRuleSet', (r, m, o, cb) => client.getRuleSet(r, m, o, cb)),
    approveRuleSet: call('ApproveRuleSet', (r, m, o, cb) => client.approveRuleSet(r, m, o, cb)),
    rejectRuleSet: call('RejectRuleSet', (r, m, o, cb) => client.rejectRuleSet(r, m, o, cb)),
    rollbackRuleSet: call('RollbackRuleSet', (r, m, o, cb) => client.rollbackRuleSet(r, m, o, cb)),
    getActiveRuleSet: () =>
      call<GetActiveRuleSetRequest, GetActiveRuleSetResponse__Output>(
        'GetActiveRuleSet',
        (r, m, o, cb) => client.getActiveRuleSet(r, m, o, cb),
      )({}),
    watchCases: (request) => mapWatchErrors(client.watchCases(request, metadata())),
    ready: () =>
      new Promise((resolve) => {
        client.waitForReady(Date.now() + 1_000, (error) => resolve(!error));
      }),
    close: () => client.close(),
  };
}
