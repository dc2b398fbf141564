import { caseChange } from '../domain/case-change.ts';
import type { NoteRecord, Principal } from '../domain/case-model.ts';
import { lockedCase } from './locked-case.ts';
import type { CaseUseCaseDeps } from './ports.ts';

/**
 * AddNote: any agent or supervisor may note on any case, resolved ones included (a late finding
 * belongs in the record); it counts as an action on the case.
 */
export function addNote(
  deps: Pick<CaseUseCaseDeps, 'store' | 'clock'>,
  input: { caseId: string; body: string },
  by: Principal,
): Promise<NoteRecord> {
  const { caseId, body } = input;
  return deps.store.transaction(async (tx) => {
    await lockedCase(tx, caseId);
    const note = await tx.addNote(caseId, by.id, body);
    const after = await tx.updateCase(caseId, {});
    await tx.appendAudit({
      caseId,
      accountId: after.accountId,
      by,
      action: 'note_added',
      before: null,
      after: { noteId: note.noteId, body },
    });
    await tx.announce(caseChange('note_added', after, by, deps.clock()));
    return note;
  });
}
