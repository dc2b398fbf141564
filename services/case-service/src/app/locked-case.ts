import type { CaseSummary } from '../domain/case-model.ts';
import { caseError } from '../domain/case-errors.ts';
import type { CaseTransaction } from './ports.ts';

/** Locks the case for the rest of the transaction; NOT_FOUND when there is none. */
export async function lockedCase(tx: CaseTransaction, caseId: string): Promise<CaseSummary> {
  const found = await tx.lockCase(caseId);
  if (!found) throw caseError('NOT_FOUND', `case ${caseId} does not exist`);
  return found;
}
