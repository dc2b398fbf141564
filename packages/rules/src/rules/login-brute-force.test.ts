import { describe, expect, it } from 'vitest';
import { T0, lastOf, login, ruleIds, ruleSetOf, times } from '../test-helpers.ts';
import { escalatingLockMs } from './login-brute-force.ts';

const rs = ruleSetOf([
  {
    id: 'bf',
    type: 'login-brute-force',
    mode: 'enforce',
    score: 45,
    params: {
      dimension: 'account_ip',
      window: '15m',
      tiers: [{ atLeast: 5 }, { atLeast: 10, score: 75, outcome: 'review' }],
      lock: { after: 5, base: '1s', max: '15m' },
    },
  },
]);
const fail =
  (ip = '192.0.2.1') =>
  (i: number) =>
    login({ outcome: 'failure', failureReason: 'bad_password', ip, at: T0 + i * 1_000 });

describe('login-brute-force rule', () => {
  it('per account+IP: 4 failures nothing, 5th locks 1 s, then doubling', async () => {
    expect(ruleIds(await lastOf(rs, times(4, fail())))).toEqual([]);
    const fifth = await lastOf(rs, times(5, fail()));
    expect(fifth.temporaryLocks).toEqual([
      { rule: 'bf', scope: 'account_ip', accountId: 'acct-1', ip: '192.0.2.1', durationMs: 1_000 },
    ]);
    expect((await lastOf(rs, times(6, fail()))).temporaryLocks[0]?.durationMs).toBe(2_000);
    expect((await lastOf(rs, times(7, fail()))).temporaryLocks[0]?.durationMs).toBe(4_000);
    const tenth = await lastOf(rs, times(10, fail()));
    expect(tenth.outcome).toBe('review');
    expect(tenth.reasons[0]).toMatchObject({ score: 75, observed: 10, threshold: 10 });
  });

  it('keys on the pair (Keycloak): failures from other IPs do not add up', async () => {
    const spread = times(8, (i) => fail(`192.0.2.${i + 1}`)(i));
    expect(ruleIds(await lastOf(rs, spread))).toEqual([]);
  });

  it('a success is not judged; unknown_account failures are not counted by default', async () => {
    expect(
      ruleIds(await lastOf(rs, [...times(6, fail()), login({ ip: '192.0.2.1', at: T0 + 10_000 })])),
    ).toEqual([]);
    const unknown = times(6, (i) =>
      login({ outcome: 'failure', failureReason: 'unknown_account', ip: '192.0.2.1', at: T0 + i }),
    );
    expect(ruleIds(await lastOf(rs, unknown))).toEqual([]);
  });

  it('escalatingLockMs doubles from base and caps at max (Cognito)', () => {
    const lock = { after: 5, base: 1_000, max: 900_000 };
    expect(escalatingLockMs(4, lock)).toBe(0);
    expect(escalatingLockMs(5, lock)).toBe(1_000);
    expect(escalatingLockMs(14, lock)).toBe(512_000);
    expect(escalatingLockMs(15, lock)).toBe(900_000);
    expect(escalatingLockMs(500, lock)).toBe(900_000);
  });
});
