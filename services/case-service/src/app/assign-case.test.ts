import { describe, expect, it } from 'vitest';
import { ann, bob, sue, useCaseFixture } from '../test-support/use-case-fixture.ts';

describe('assignCase', () => {
  it('puts the case in progress, audits before and after, and announces it', async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase();
    const after = await cases.assignCase({ caseId, assignee: 'agent-ann' }, ann);
    expect(after).toMatchObject({ status: 'in_progress', assignee: 'agent-ann' });
    expect(store.committed.audit.at(-1)).toMatchObject({
      action: 'assigned',
      before: { assignee: null, status: 'open' },
      after: { assignee: 'agent-ann', status: 'in_progress' },
    });
    expect(store.committed.announced.at(-1)).toMatchObject({
      kind: 'assigned',
      assignee: 'agent-ann',
      actor: 'agent-ann',
      at: '2026-11-24T08:00:00.000Z',
    });
    expect((await cases.getCase(caseId)).firstActionAt).toBeDefined();
  });

  it("refuses an agent taking another agent's case and leaves no trace", async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase();
    await cases.assignCase({ caseId, assignee: 'agent-ann' }, ann);
    const audited = store.committed.audit.length;
    await expect(cases.assignCase({ caseId, assignee: 'agent-bob' }, bob)).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      retryable: false,
    });
    expect(store.committed.audit).toHaveLength(audited);
    expect((await cases.assignCase({ caseId, assignee: 'agent-bob' }, sue)).assignee).toBe(
      'agent-bob',
    );
  });

  it('refuses a resolved case with FAILED_PRECONDITION and an unknown one with NOT_FOUND', async () => {
    const { cases, openCase } = useCaseFixture();
    const caseId = await openCase();
    await cases.resolveCase({ caseId, disposition: 'inconclusive', comment: '' }, ann);
    await expect(cases.assignCase({ caseId, assignee: 'agent-ann' }, sue)).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: `case ${caseId} is resolved`,
    });
    await expect(
      cases.assignCase({ caseId: 'case-missing', assignee: 'agent-ann' }, ann),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
