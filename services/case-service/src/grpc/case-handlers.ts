import type {
  AccountActionRequest__Output,
  AccountActionResponse,
  AddNoteRequest__Output,
  AssignCaseRequest__Output,
  Case,
  CaseServiceHandlers,
  CaseSummary,
  GetCaseRequest__Output,
  ListCasesRequest__Output,
  ListCasesResponse,
  Note,
  RaiseCaseRequest__Output,
  RaiseCaseResponse,
  ResolveCaseRequest__Output,
} from '@vigil/protos';
import { invalidArgument } from '../domain/case-errors.ts';
import type { CaseStore } from '../domain/case-store.ts';
import { decodeCursor, encodeCursor } from '../domain/list-cursor.ts';
import type { ChangeBus } from '../watch/change-bus.ts';
import {
  accountActionRequest,
  addNoteRequest,
  assignCaseRequest,
  getCaseRequest,
  listCasesRequest,
  parseRequest,
  raiseCaseRequest,
  resolveCaseRequest,
} from './request-schemas.ts';
import type { RpcContext } from './rpc-context.ts';
import { toWireCase, toWireSummary } from './to-wire.ts';
import { unary } from './unary-call.ts';
import { watchCasesHandler } from './watch-handler.ts';
import { toWireSeverity } from './wire-enums.ts';

export interface CaseHandlerDeps extends RpcContext {
  store: CaseStore;
  bus: ChangeBus;
  /** Changes a watcher may fall behind before it is dropped. */
  watchMaxQueued: number;
  /** Called after a commit that wrote outbox rows, so the relay sends them without waiting a poll. */
  onOutboxWrite?: () => void;
  now?: () => Date;
}

export function createCaseHandlers(deps: CaseHandlerDeps): CaseServiceHandlers {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const outboxWritten = deps.onOutboxWrite ?? (() => undefined);
  return {
    RaiseCase: unary<RaiseCaseRequest__Output, RaiseCaseResponse>(
      deps,
      'RaiseCase',
      async (request, principal, logger) => {
        const result = await store.raiseCase(parseRequest(raiseCaseRequest, request), principal);
        if (result.alertCreated)
          logger.info({ caseId: result.caseId, caseCreated: result.caseCreated }, 'alert raised');
        return { ...result, severity: toWireSeverity(result.severity) };
      },
    ),
    GetCase: unary<GetCaseRequest__Output, Case>(deps, 'GetCase', async (request) => {
      const { caseId } = parseRequest(getCaseRequest, request);
      return toWireCase(await store.getCase(caseId), now());
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
        const page = await store.listCases({ ...query, after });
        return {
          cases: page.cases.map(toWireSummary),
          nextPageToken: page.next ? encodeCursor(page.next) : '',
        };
      },
    ),
    AssignCase: unary<AssignCaseRequest__Output, CaseSummary>(
      deps,
      'AssignCase',
      async (request, principal) => {
        const { caseId, assignee } = parseRequest(assignCaseRequest, request);
        return toWireSummary(await store.assignCase(caseId, assignee, principal));
      },
    ),
    AddNote: unary<AddNoteRequest__Output, Note>(deps, 'AddNote', async (request, principal) => {
      const { caseId, body } = parseRequest(addNoteRequest, request);
      const note = await store.addNote(caseId, body, principal);
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
        const resolved = await store.resolveCase(
          parseRequest(resolveCaseRequest, request),
          principal,
        );
        outboxWritten();
        return toWireSummary(resolved);
      },
    ),
    LockAccount: unary<AccountActionRequest__Output, AccountActionResponse>(
      deps,
      'LockAccount',
      async (request, principal) => {
        const { accountId, reason, caseId } = parseRequest(accountActionRequest, request);
        const result = await store.accountAction(
          { action: 'lock', accountId, reason, caseId },
          principal,
        );
        outboxWritten();
        return result;
      },
    ),
    UnlockAccount: unary<AccountActionRequest__Output, AccountActionResponse>(
      deps,
      'UnlockAccount',
      async (request, principal) => {
        const { accountId, reason, caseId } = parseRequest(accountActionRequest, request);
        const result = await store.accountAction(
          { action: 'unlock', accountId, reason, caseId },
          principal,
        );
        outboxWritten();
        return result;
      },
    ),
    WatchCases: watchCasesHandler(deps, deps.bus, deps.watchMaxQueued),
  };
}
