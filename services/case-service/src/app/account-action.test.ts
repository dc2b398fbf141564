import { describe, expect, it } from 'vitest';
import { ann, useCaseFixture } from '../test-support/use-case-fixture.ts';

describe('accountAction', () => {
  it('queues a lock naming the case and its latest decision, audited and announced', async () => {
    const { cases, store, openCase, outboxPokes } = useCaseFixture();
    const caseId = await openCase({ accountId: 'acct-lock', decisionId: 'dec-lock' });
    const { commandId } = await cases.accountAction(
      { action: 'lock', accountId: 'acct-lock', reason: 'card testing', caseId },
      ann,
    );
    expect(commandId).toBe('cmd-id-1');
    expect(store.committed.outbox).toEqual([
      {
        kind: 'account_command',
        messageId: commandId,
        key: 'acct-lock',
        payload: expect.objectContaining({
          action: 'lock',
          caseId,
          decisionId: 'dec-lock',
          issuedBy: 'agent-ann',
          issuedAt: '2026-11-24T08:00:00.000Z',
        }) as unknown,
      },
    ]);
    expect(store.committed.audit.at(-1)).toMatchObject({
      action: 'account_locked',
      after: { commandId, reason: 'card testing' },
    });
    expect(store.committed.announced.at(-1)).toMatchObject({ kind: 'account_locked', caseId });
    expect(outboxPokes()).toBe(1);
  });

  it('unlocks without a case: audited on the account, nothing announced', async () => {
    const { cases, store } = useCaseFixture();
    await cases.accountAction(
      { action: 'unlock', accountId: 'acct-free', reason: 'verified', caseId: undefined },
      ann,
    );
    expect(store.committed.outbox[0]?.payload).not.toHaveProperty('caseId');
    expect(store.committed.audit).toEqual([
      expect.objectContaining({
        caseId: undefined,
        accountId: 'acct-free',
        action: 'account_unlocked',
      }),
    ]);
    expect(store.committed.announced).toEqual([]);
  });

  it('refuses a case about another account with INVALID_ARGUMENT and queues nothing', async () => {
    const { cases, store, openCase, outboxPokes } = useCaseFixture();
    const caseId = await openCase({ accountId: 'acct-owner' });
    await expect(
      cases.accountAction(
        { action: 'lock', accountId: 'acct-other', reason: 'suspicious', caseId },
        ann,
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { fieldViolations: [expect.objectContaining({ field: 'caseId' })] },
    });
    expect(store.committed.outbox).toEqual([]);
    expect(outboxPokes()).toBe(0);
  });
});
