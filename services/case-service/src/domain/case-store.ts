import type { CaseDetail, CaseSummary, NoteRecord, Principal } from './case-model.ts';
import type {
  AccountActionCommand,
  ListCasesQuery,
  ListCursor,
  RaiseCaseCommand,
  RaiseCaseResult,
  ResolveCaseCommand,
} from './commands.ts';

/**
 * The port the gRPC handlers use. Every mutating call runs in one transaction that also writes
 * the audit row, the outbox records and the change notification, so they commit or vanish
 * together. Failures are VigilErrors: NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION,
 * INVALID_ARGUMENT, or classified infrastructure errors.
 */
export interface CaseStore {
  raiseCase(command: RaiseCaseCommand, by: Principal): Promise<RaiseCaseResult>;
  getCase(caseId: string): Promise<CaseDetail>;
  listCases(query: ListCasesQuery): Promise<{ cases: CaseSummary[]; next: ListCursor | undefined }>;
  assignCase(caseId: string, assignee: string, by: Principal): Promise<CaseSummary>;
  addNote(caseId: string, body: string, by: Principal): Promise<NoteRecord>;
  resolveCase(command: ResolveCaseCommand, by: Principal): Promise<CaseSummary>;
  accountAction(command: AccountActionCommand, by: Principal): Promise<{ commandId: string }>;
}
