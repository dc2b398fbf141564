import { describe, expect, it } from 'vitest';
import { ann, sue, useCaseFixture } from '../test-support/use-case-fixture.ts';

describe('addNote', () => {
  it('records the note as the first action, audited and announced, without changing status', async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase();
    const note = await cases.addNote({ caseId, body: 'called the customer' }, ann);
    expect(note).toMatchObject({ author: 'agent-ann', body: 'called the customer' });
    const detail = await cases.getCase(caseId);
    expect(detail.notes).toEqual([note]);
    expect(detail.summary.status).toBe('open');
    expect(detail.firstActionAt).toEqual(new Date('2026-11-24T08:00:00.000Z'));
    expect(store.committed.audit.at(-1)).toMatchObject({
      action: 'note_added',
      after: { noteId: note.noteId, body: 'called the customer' },
    });
    expect(store.committed.announced.at(-1)).toMatchObject({ kind: 'note_added', caseId });
  });

  it('accepts a note on a resolved case and refuses an unknown case with NOT_FOUND', async () => {
    const { cases, openCase } = useCaseFixture();
    const caseId = await openCase();
    await cases.resolveCase({ caseId, disposition: 'inconclusive', comment: '' }, ann);
    await expect(cases.addNote({ caseId, body: 'late finding' }, sue)).resolves.toMatchObject({
      author: 'sup-sue',
    });
    await expect(cases.addNote({ caseId: 'case-missing', body: 'x' }, ann)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'case case-missing does not exist',
    });
  });
});
