import { describe, expect, it } from 'vitest';
import { T0, lastOf, login, ruleIds, ruleSetOf } from '../test-helpers.ts';

const stuffing = ruleSetOf([
  {
    id: 'stuffing',
    type: 'login-spread',
    mode: 'enforce',
    score: 75,
    params: { window: '15m', minAccounts: 15, minAttempts: 25, maxPerAccount: 2 },
  },
]);
const spraying = ruleSetOf([
  {
    id: 'spraying',
    type: 'login-spread',
    mode: 'enforce',
    score: 70,
    params: { window: '30m', minAccounts: 5, minAttempts: 15, minPerAccount: 2, maxPerAccount: 8 },
  },
]);

/** `accounts` accounts, `each` failed attempts per account, all from one IP, `spacingMs` apart. */
function attack(accounts: number, each: number, spacingMs = 1_000) {
  const events = [];
  for (let a = 0; a < accounts; a += 1) {
    for (let n = 0; n < each; n += 1) {
      events.push(
        login({
          accountId: `victim-${a}`,
          outcome: 'failure',
          failureReason: 'bad_password',
          ip: '203.0.113.50',
          at: T0 + events.length * spacingMs,
        }),
      );
    }
  }
  return events;
}

const lowAndSlow = ruleSetOf([
  {
    id: 'stuffing-24h',
    type: 'login-spread',
    mode: 'enforce',
    score: 75,
    params: {
      window: '24h',
      minAccounts: 20,
      minAttempts: 20,
      maxPerAccount: 2,
      maxSuccessShare: 0.2,
    },
  },
]);

describe('login-spread rule', () => {
  it('credential stuffing: 25 accounts × 1 attempt fires; 24 attempts do not; 3 per account do not', async () => {
    expect((await lastOf(stuffing, attack(25, 1))).reasons[0]).toMatchObject({
      rule: 'stuffing',
      observed: 25,
      threshold: 15,
    });
    expect(ruleIds(await lastOf(stuffing, attack(24, 1)))).toEqual([]);
    expect(ruleIds(await lastOf(stuffing, attack(15, 3)))).toEqual([]);
  });

  it('password spraying: 5 accounts × 3 fires; 4 accounts or 2 attempts each (10 < 15) do not', async () => {
    expect(ruleIds(await lastOf(spraying, attack(5, 3)))).toEqual(['spraying']);
    expect(ruleIds(await lastOf(spraying, attack(4, 4)))).toEqual([]);
    expect(ruleIds(await lastOf(spraying, attack(5, 2)))).toEqual([]);
    expect(ruleIds(await lastOf(spraying, attack(2, 9)))).toEqual([]);
  });

  it('low and slow: one failure per account over hours crosses a day-long window; an IP that mostly signs in does not', async () => {
    // Twenty accounts, one bad password each, six minutes apart: never 15 accounts in 15 minutes.
    const slow = attack(20, 1, 6 * 60_000);
    expect((await lastOf(lowAndSlow, slow)).reasons[0]).toMatchObject({
      rule: 'stuffing-24h',
      observed: 20,
    });
    expect(ruleIds(await lastOf(lowAndSlow, slow.slice(0, 19)))).toEqual([]);
    // The same failures from an office IP where 100 sign-ins succeeded that day: users mistyping.
    const office = [
      ...Array.from({ length: 100 }, (_, i) =>
        login({
          accountId: `staff-${i % 40}`,
          outcome: 'success',
          ip: '203.0.113.50',
          at: T0 - 3_600_000 + i * 1_000,
        }),
      ),
      ...slow,
    ];
    expect(ruleIds(await lastOf(lowAndSlow, office))).toEqual([]);
  });
});
