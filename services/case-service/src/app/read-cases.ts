import type { CaseDetail, CaseSummary } from '../domain/case-model.ts';
import { caseError } from '../domain/case-errors.ts';
import type { ListCasesQuery, ListCursor } from '../domain/commands.ts';
import type { CaseStore } from './ports.ts';

/** GetCase: the case with its alerts, notes and audit trail. */
export async function getCase(store: CaseStore, caseId: string): Promise<CaseDetail> {
  const found = await store.getCase(caseId);
  if (!found) throw caseError('NOT_FOUND', `case ${caseId} does not exist`);
  return found;
}

/** ListCases: one page in the query's order, and where the next one starts. */
export function listCases(
  store: CaseStore,
  query: ListCasesQuery,
): Promise<{ cases: CaseSummary[]; next: ListCursor | undefined }> {
  return store.listCases(query);
}
