import { describe, expect, it } from 'vitest';
import { T0, change, lastOf, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

const HOUR = 3_600_000;
const rs = ruleSetOf([
  {
    id: 'ato',
    type: 'ato-cash-out',
    mode: 'enforce',
    score: 90,
    params: { within: '24h', minAmount: { USD: 50_000 }, outcome: 'block' },
  },
]);
const pay = (minor: number, at: number, beneficiary = 'b-known') =>
  tx({
    type: 'transfer',
    amount: { minor, currency: 'USD' },
    beneficiary: { id: beneficiary },
    at,
  });
const known = pay(100, T0 - 48 * HOUR); // pays b-known once, before anything happens

describe('ato-cash-out rule', () => {
  it('a high amount within 24 h of a password reset forces block', async () => {
    const evaluation = await lastOf(rs, [
      known,
      change({ change: 'password_reset', at: T0 }),
      pay(50_000, T0 + 23 * HOUR),
    ]);
    expect(evaluation.outcome).toBe('block');
    expect(evaluation.reasons[0]).toMatchObject({ rule: 'ato', observed: 23, threshold: '1d' });
  });

  it('edges: amount just below the minimum, and the change 24 h (in) vs 24 h + 1 ms (out) ago', async () => {
    expect(ruleIds(await lastOf(rs, [known, change({ at: T0 }), pay(49_999, T0 + HOUR)]))).toEqual(
      [],
    );
    expect(
      ruleIds(await lastOf(rs, [known, change({ at: T0 }), pay(50_000, T0 + 24 * HOUR)])),
    ).toEqual(['ato']);
    expect(
      ruleIds(await lastOf(rs, [known, change({ at: T0 }), pay(50_000, T0 + 24 * HOUR + 1)])),
    ).toEqual([]);
  });

  it('a small payment to a new beneficiary after an MFA disable fires; to a known one it does not', async () => {
    expect(
      ruleIds(
        await lastOf(rs, [
          known,
          change({ change: 'mfa_disabled', at: T0 }),
          pay(100, T0 + HOUR, 'b-new'),
        ]),
      ),
    ).toEqual(['ato']);
    expect(
      ruleIds(
        await lastOf(rs, [known, change({ change: 'mfa_disabled', at: T0 }), pay(100, T0 + HOUR)]),
      ),
    ).toEqual([]);
  });

  it('changes outside the list (mfa_enabled) and incoming money do not fire', async () => {
    expect(
      ruleIds(
        await lastOf(rs, [
          known,
          change({ change: 'mfa_enabled', at: T0 }),
          pay(90_000, T0 + HOUR),
        ]),
      ),
    ).toEqual([]);
    const topup = tx({ type: 'topup', amount: { minor: 90_000, currency: 'USD' }, at: T0 + HOUR });
    expect(ruleIds(await lastOf(rs, [change({ at: T0 }), topup]))).toEqual([]);
  });
});
