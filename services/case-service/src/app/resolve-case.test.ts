import { describe, expect, it } from 'vitest';
import { ann, bob, sue, useCaseFixture } from '../test-support/use-case-fixture.ts';

describe('resolveCase', () => {
  it('writes feedback and an unlock for a false positive with the resolution, then wakes the relay', async () => {
    const { cases, store, openCase, outboxPokes } = useCaseFixture();
    const caseId = await openCase({ accountId: 'acct-fp', decisionId: 'dec-fp' });
    const after = await cases.resolveCase(
      { caseId, disposition: 'false_positive', comment: 'customer confirmed' },
      ann,
    );
    expect(after).toMatchObject({ status: 'resolved', disposition: 'false_positive' });
    expect(store.committed.outbox.map((m) => [m.kind, m.messageId])).toEqual([
      ['risk_feedback', `case-resolution:${caseId}`],
      ['account_command', `case-unlock:${caseId}`],
    ]);
    expect(store.committed.outbox[0]?.payload).toMatchObject({
      verdict: 'legit',
      decisionId: 'dec-fp',
    });
    expect(store.committed.audit.at(-1)).toMatchObject({
      action: 'resolved',
      after: { emitted: [`case-resolution:${caseId}`, `case-unlock:${caseId}`] },
    });
    expect(store.committed.announced.at(-1)).toMatchObject({ kind: 'resolved' });
    expect((await cases.getCase(caseId)).resolutionComment).toBe('customer confirmed');
    expect(outboxPokes()).toBe(1);
  });

  it('resolves once: a second resolution is FAILED_PRECONDITION and writes nothing', async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase();
    await cases.resolveCase({ caseId, disposition: 'confirmed_fraud', comment: '' }, ann);
    const outbox = store.committed.outbox.length;
    await expect(
      cases.resolveCase({ caseId, disposition: 'false_positive', comment: '' }, sue),
    ).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: `case ${caseId} is already resolved`,
    });
    expect(store.committed.outbox).toHaveLength(outbox);
  });

  it("refuses an agent resolving another agent's case; a supervisor may", async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase();
    await cases.assignCase({ caseId, assignee: 'agent-ann' }, ann);
    await expect(
      cases.resolveCase({ caseId, disposition: 'confirmed_fraud', comment: '' }, bob),
    ).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining('assigned to agent-ann') as string,
    });
    expect(store.committed.outbox).toEqual([]);
    await cases.resolveCase({ caseId, disposition: 'confirmed_fraud', comment: '' }, sue);
    expect(store.committed.outbox.map((m) => m.kind)).toEqual(['risk_feedback']);
  });

  it("labels every decision on the case, and a dispute alert's payment, with the resolution", async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase({ accountId: 'acct-lab', decisionId: 'dec-a' });
    await openCase({ accountId: 'acct-lab', decisionId: 'dec-b' });
    await openCase({
      accountId: 'acct-lab',
      decisionId: 'dispute:dsp-1',
      subject: { transactionId: 'tx-disputed' },
    });
    await cases.resolveCase({ caseId, disposition: 'confirmed_fraud', comment: '' }, ann);
    expect(
      store.committed.labelEvidence.map((e) => [e.evidenceId, e.target, e.verdict, e.source]),
    ).toEqual([
      [`case-resolution:${caseId}:dec-a`, { decisionId: 'dec-a' }, 'fraud', 'case_resolution'],
      [`case-resolution:${caseId}:dec-b`, { decisionId: 'dec-b' }, 'fraud', 'case_resolution'],
      [
        `case-resolution:${caseId}:tx:tx-disputed`,
        { transactionId: 'tx-disputed' },
        'fraud',
        'case_resolution',
      ],
    ]);
  });

  it('an inconclusive resolution labels nothing', async () => {
    const { cases, store, openCase } = useCaseFixture();
    const caseId = await openCase();
    await cases.resolveCase({ caseId, disposition: 'inconclusive', comment: '' }, ann);
    expect(store.committed.labelEvidence).toEqual([]);
  });
});
