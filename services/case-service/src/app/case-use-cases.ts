import type {
  CaseDetail,
  CaseSummary,
  NoteRecord,
  Principal,
  Severity,
} from '../domain/case-model.ts';
import type {
  AccountActionCommand,
  CountCasesQuery,
  ListCasesQuery,
  ListCursor,
  RaiseCaseCommand,
  RaiseCaseResult,
  ResolveCaseCommand,
} from '../domain/commands.ts';
import { accountAction } from './account-action.ts';
import { addNote } from './add-note.ts';
import { assignCase } from './assign-case.ts';
import type { CaseUseCaseDeps } from './ports.ts';
import { raiseCase } from './raise-case.ts';
import { getCase, listCases } from './read-cases.ts';
import { resolveCase } from './resolve-case.ts';

/**
 * What case-service does, whatever the transport: the gRPC handlers parse a request, call one
 * of these and map the answer. Failures are VigilErrors (NOT_FOUND, PERMISSION_DENIED,
 * FAILED_PRECONDITION, INVALID_ARGUMENT, or classified infrastructure errors).
 */
export interface CaseUseCases {
  raiseCase(command: RaiseCaseCommand, by: Principal): Promise<RaiseCaseResult>;
  getCase(caseId: string): Promise<CaseDetail>;
  listCases(query: ListCasesQuery): Promise<{ cases: CaseSummary[]; next: ListCursor | undefined }>;
  countCases(query: CountCasesQuery): Promise<Record<Severity, number>>;
  assignCase(input: { caseId: string; assignee: string }, by: Principal): Promise<CaseSummary>;
  addNote(input: { caseId: string; body: string }, by: Principal): Promise<NoteRecord>;
  resolveCase(command: ResolveCaseCommand, by: Principal): Promise<CaseSummary>;
  accountAction(command: AccountActionCommand, by: Principal): Promise<{ commandId: string }>;
}

export function createCaseUseCases(deps: CaseUseCaseDeps): CaseUseCases {
  return {
    raiseCase: (command, by) => raiseCase(deps.store, command, by),
    getCase: (caseId) => getCase(deps.store, caseId),
    listCases: (query) => listCases(deps.store, query),
    countCases: (query) => deps.store.countCases(query),
    assignCase: (input, by) => assignCase(deps, input, by),
    addNote: (input, by) => addNote(deps, input, by),
    resolveCase: (command, by) => resolveCase(deps, command, by),
    accountAction: (command, by) => accountAction(deps, command, by),
  };
}
