import { accountCommand, type RiskDecision } from '@vigil/events';
import type { TemporaryLock } from '@vigil/rules';
import { describe, expect, it } from 'vitest';
import { planEffects } from './effects-plan.ts';

function decision(outcome: RiskDecision['outcome'], score: number): RiskDecision {
  return {
    schemaVersion: 1,
    decisionId: 'dec-1',
    eventId: 'evt-1',
    eventType: 'transaction',
    accountId: 'acct-1',
    occurredAt: '2026-11-24T07:00:00.000Z',
    decidedAt: '2026-11-24T07:00:00.010Z',
    score,
    outcome,
    reasons: [{ rule: 'velocity.account.1h', score, message: 'too many' }],
    shadowReasons: [],
    ruleSetVersion: '2026-11-24.1',
    subject: { transactionId: 'tx-1' },
  };
}

describe('planEffects', () => {
  it('publishes allow and challenge with no case and no command', () => {
    for (const outcome of ['allow', 'challenge'] as const) {
      const plan = planEffects(decision(outcome, 40));
      expect(plan.raiseCase).toBe(false);
      expect(plan.lockCommand).toBeUndefined();
    }
  });

  it('raises a case for review, no lock', () => {
    const plan = planEffects(decision('review', 65));
    expect(plan.raiseCase).toBe(true);
    expect(plan.lockCommand).toBeUndefined();
  });

  it('raises a case and issues a valid, replay-stable lock command for block', () => {
    const first = planEffects(decision('block', 95));
    const replay = planEffects(decision('block', 95));
    expect(first.raiseCase).toBe(true);
    expect(accountCommand.parse(first.lockCommand)).toMatchObject({
      action: 'lock',
      accountId: 'acct-1',
      decisionId: 'dec-1',
      issuedBy: 'risk-engine',
    });
    expect(first.lockCommand?.commandId).toBe(replay.lockCommand?.commandId);
  });

  it('turns temporary locks into timed, replay-stable commands: one per scope, the longest wins', () => {
    const lock = (scope: TemporaryLock['scope'], durationMs: number, ip?: string) => ({
      rule: `brute-force-${scope}`,
      scope,
      accountId: 'acct-1',
      ip,
      durationMs,
    });
    const locks = [
      lock('account_ip', 4_000, '198.51.100.9'),
      lock('account_ip', 8_000, '198.51.100.9'),
      lock('account', 60_000),
    ];
    const plan = planEffects(decision('review', 75), locks);
    expect(plan.lockCommand).toBeUndefined();
    expect(plan.temporaryLockCommands.map((c) => accountCommand.parse(c))).toEqual([
      expect.objectContaining({
        commandId: 'cmd-tlock-ip-dec-1',
        action: 'lock',
        ip: '198.51.100.9',
        issuedAt: '2026-11-24T07:00:00.010Z',
        expiresAt: '2026-11-24T07:00:08.010Z',
        reason: 'temporary lock by brute-force-account_ip for 8 s',
      }),
      expect.objectContaining({
        commandId: 'cmd-tlock-account-dec-1',
        expiresAt: '2026-11-24T07:01:00.010Z',
      }),
    ]);
    expect(plan.temporaryLockCommands[1]).not.toHaveProperty('ip');
    expect(planEffects(decision('allow', 10), locks).temporaryLockCommands).toEqual(
      plan.temporaryLockCommands,
    );
    // A per-IP lock without an IP is dropped, never widened to the whole account.
    expect(
      planEffects(decision('review', 75), [lock('account_ip', 4_000)]).temporaryLockCommands,
    ).toEqual([]);
    // A block locks the account until unlocked: a timed lock on top would only confuse.
    expect(planEffects(decision('block', 95), locks).temporaryLockCommands).toEqual([]);
  });
});
