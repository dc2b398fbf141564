import { describe, expect, it } from 'vitest';
import { ann, useCaseFixture } from '../test-support/use-case-fixture.ts';

describe('getCase and listCases', () => {
  it('answers NOT_FOUND for an unknown case', async () => {
    const { cases } = useCaseFixture();
    await expect(cases.getCase('case-missing')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      retryable: false,
      message: 'case case-missing does not exist',
    });
  });

  it("returns the store's page for the query", async () => {
    const { cases, openCase } = useCaseFixture();
    const mine = await openCase({ accountId: 'acct-list' });
    await openCase({ accountId: 'acct-other' });
    await cases.assignCase({ caseId: mine, assignee: 'agent-ann' }, ann);
    const page = await cases.listCases({
      statuses: ['in_progress'],
      severities: [],
      order: 'newest',
      pageSize: 10,
      after: undefined,
    });
    expect(page.cases.map((c) => c.caseId)).toEqual([mine]);
  });
});
