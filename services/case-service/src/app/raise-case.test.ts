import { describe, expect, it } from 'vitest';
import { engine, raiseCommand, useCaseFixture } from '../test-support/use-case-fixture.ts';

describe('raiseCase', () => {
  it('opens a case rated from score and outcome, and announces it', async () => {
    const { cases, store } = useCaseFixture();
    const result = await cases.raiseCase(
      raiseCommand({ accountId: 'acct-a', score: 95, outcome: 'block' }),
      engine,
    );
    expect(result).toMatchObject({ caseCreated: true, alertCreated: true, severity: 'critical' });
    expect(store.committed.announced).toEqual([
      expect.objectContaining({ kind: 'case_opened', caseId: result.caseId, actor: 'risk-engine' }),
    ]);
  });

  it('is idempotent on decisionId: a replay finds the first alert and adds nothing', async () => {
    const { cases, store } = useCaseFixture();
    const command = raiseCommand({ accountId: 'acct-b' });
    const first = await cases.raiseCase(command, engine);
    const replay = await cases.raiseCase(command, engine);
    expect(replay).toEqual({ ...first, caseCreated: false, alertCreated: false });
    expect((await cases.getCase(first.caseId)).alerts).toHaveLength(1);
    expect(store.committed.announced).toHaveLength(1);
  });

  it("attaches the account's next decision to its open case at the worse severity", async () => {
    const { cases } = useCaseFixture();
    const first = await cases.raiseCase(raiseCommand({ accountId: 'acct-c', score: 45 }), engine);
    const second = await cases.raiseCase(
      raiseCommand({ accountId: 'acct-c', score: 80, outcome: 'block' }),
      engine,
    );
    expect(second).toMatchObject({ caseId: first.caseId, caseCreated: false, severity: 'high' });
    const { summary } = await cases.getCase(first.caseId);
    expect(summary).toMatchObject({ alertCount: 2, severity: 'high' });
  });
});
