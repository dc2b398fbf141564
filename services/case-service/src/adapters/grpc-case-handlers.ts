import type {
  AccountActivity,
  AccountActionRequest__Output,
  AccountActionResponse,
  AddNoteRequest__Output,
  AssignCaseRequest__Output,
  Caller,
  Case,
  CaseServiceHandlers,
  CaseSummary,
  GetAccountActivityRequest__Output,
  GetCaseRequest__Output,
  ListCasesRequest__Output,
  CountCasesRequest__Output,
  CountCasesResponse,
  ListCasesResponse,
  Note,
  RaiseCaseRequest__Output,
  RaiseCaseResponse,
  ResolveCaseRequest__Output,
  WhoAmIRequest__Output,
} from '@vigil/protos';
import type { CaseUseCases } from '../app/case-use-cases.ts';
import type { RuleSetUseCases } from '../app/rule-set-use-cases.ts';
import type { AccountActivityReader, ChangeFeed, Clock } from '../app/ports.ts';
import { invalidArgument } from '../domain/case-errors.ts';
import { decodeCursor, encodeCursor } from '../domain/list-cursor.ts';
import {
  accountActionRequest,
  addNoteRequest,
  assignCaseRequest,
  getAccountActivityRequest,
  getCaseRequest,
  listCasesRequest,
  countCasesRequest,
  parseRequest,
  raiseCaseRequest,
  resolveCaseRequest,
} from './grpc-request-schemas.ts';
import { toWireAccountActivity } from './grpc-activity-to-wire.ts';
import type { RpcContext } from './grpc-rpc-context.ts';
import { createRuleSetHandlers } from './grpc-rule-set-handlers.ts';
import { toWireCase, toWireSummary } from './grpc-to-wire.ts';
import { unary } from './grpc-unary-call.ts';
import { watchCasesHandler } from './grpc-watch-handler.ts';
import { SEVERITIES } from '../domain/case-model.ts';
import { toWireSeverity } from './grpc-wire-enums.ts';

export interface CaseHandlerDeps extends RpcContext {
  cases: CaseUseCases;
  /** Rule-set versions (rule changes with approval). */
  ruleSets: RuleSetUseCases;
  feed: ChangeFeed;
  /** Changes a watcher may fall behind before it is dropped. */
  watchMaxQueued: number;
  /** For the SLA figures of GetCase. */
  clock: Clock;
  /** The label ledger's rows of an account, for GetAccountActivity. */
  activity: AccountActivityReader;
  /** Days label rows are kept (LABELS_RETENTION_DAYS; 0 with the label ledger off). */
  labelRetentionDays: number;
}

/** Wire <-> use case: parse and validate each request, call the use case, map the answer. */
export function createCaseHandlers(deps: CaseHandlerDeps): CaseServiceHandlers {
  const { cases } = deps;
  const accountAction = (method: 'LockAccount' | 'UnlockAccount', action: 'lock' | 'unlock') =>
    unary<AccountActionRequest__Output, AccountActionResponse>(
      deps,
      method,
      async (request, principal) => {
        const { accountId, reason, caseId } = parseRequest(accountActionRequest, request);
        return cases.accountAction({ action, accountId, reason, caseId }, principal);
      },
    );
  return {
    RaiseCase: unary<RaiseCaseRequest__Output, RaiseCaseResponse>(
      deps,
      'RaiseCase',
      async (request, principal, logger) => {
        const result = await cases.raiseCase(parseRequest(raiseCaseRequest, request), principal);
        if (result.alertCreated)
          logger.info({ caseId: result.caseId, caseCreated: result.caseCreated }, 'alert raised');
        return { ...result, severity: toWireSeverity(result.severity) };
      },
    ),
    GetCase: unary<GetCaseRequest__Output, Case>(deps, 'GetCase', async (request) => {
      const { caseId } = parseRequest(getCaseRequest, request);
      return toWireCase(await cases.getCase(caseId), deps.clock());
    }),
    ListCases: unary<ListCasesRequest__Output, ListCasesResponse>(
      deps,
      'ListCases',
      async (request) => {
        const { pageToken, ...query } = parseRequest(listCasesRequest, request);
        let after;
        if (pageToken !== '') {
          const decoded = decodeCursor(pageToken, query.order);
          if (!decoded.ok)
            throw invalidArgument([{ field: 'pageToken', description: decoded.problem }]);
          after = decoded.cursor;
        }
        const page = await cases.listCases({ ...query, after });
        return {
          cases: page.cases.map(toWireSummary),
          nextPageToken: page.next ? encodeCursor(page.next) : '',
        };
      },
    ),
    CountCases: unary<CountCasesRequest__Output, CountCasesResponse>(
      deps,
      'CountCases',
      async (request) => {
        const query = parseRequest(countCasesRequest, request);
        const counts = await cases.countCases(query);
        const severities = query.severities.length > 0 ? query.severities : SEVERITIES;
        return {
          counts: severities.map((severity) => ({
            severity: toWireSeverity(severity),
            count: counts[severity],
          })),
          cap: query.cap,
        };
      },
    ),
    AssignCase: unary<AssignCaseRequest__Output, CaseSummary>(
      deps,
      'AssignCase',
      async (request, principal) => {
        const input = parseRequest(assignCaseRequest, request);
        return toWireSummary(await cases.assignCase(input, principal));
      },
    ),
    AddNote: unary<AddNoteRequest__Output, Note>(deps, 'AddNote', async (request, principal) => {
      const note = await cases.addNote(parseRequest(addNoteRequest, request), principal);
      return {
        noteId: note.noteId,
        author: note.author,
        body: note.body,
        createdAt: note.createdAt.toISOString(),
      };
    }),
    ResolveCase: unary<ResolveCaseRequest__Output, CaseSummary>(
      deps,
      'ResolveCase',
      async (request, principal) => {
        const command = parseRequest(resolveCaseRequest, request);
        return toWireSummary(await cases.resolveCase(command, principal));
      },
    ),
    LockAccount: accountAction('LockAccount', 'lock'),
    UnlockAccount: accountAction('UnlockAccount', 'unlock'),
    WhoAmI: unary<WhoAmIRequest__Output, Caller>(deps, 'WhoAmI', (_request, principal) =>
      Promise.resolve({ principal: principal.id, role: principal.role }),
    ),
    GetAccountActivity: unary<GetAccountActivityRequest__Output, AccountActivity>(
      deps,
      'GetAccountActivity',
      async (request) => {
        const { accountId, limit } = parseRequest(getAccountActivityRequest, request);
        const activity = await deps.activity.accountActivity(accountId, limit);
        return toWireAccountActivity(activity, deps.labelRetentionDays);
      },
    ),
    WatchCases: watchCasesHandler(deps, deps.feed, deps.watchMaxQueued),
    ...createRuleSetHandlers(deps),
  };
}
