import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '@vigil/events';
import { T0, change, lastOf, login, ruleIds, ruleSetOf, times, tx } from '../test-helpers.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const params = {
  lookback: '60d',
  minHistory: '30d',
  minEvents: 10,
  record: {
    kinds: ['transaction', 'login', 'account_change'],
    txStatus: 'approved',
    loginOutcome: 'success',
  },
  when: {
    kinds: ['transaction', 'account_change'],
    txTypes: ['payment', 'transfer', 'withdrawal'],
    changes: ['payout_method_added'],
  },
  minAmount: { USD: 50_000 },
};
const rules = (timezone = 'UTC') =>
  ruleSetOf([{ id: 'unusual-hour', type: 'unusual-hour', mode: 'enforce', score: 30, params }], {
    timezone,
  });

/** `days` days of a customer's habits: a sign-in at 10:00 and a payment at 19:00 UTC. */
const habits = (days: number, from = T0): ScoredEvent[] =>
  times(days, (d) => [
    login({ at: from + d * DAY + 10 * HOUR }),
    tx({ at: from + d * DAY + 19 * HOUR, amount: { minor: 4_000, currency: 'USD' } }),
  ]).flat();
const after = (days: number, hour: number) => T0 + days * DAY + hour * HOUR;
const big = (at: number) => tx({ at, amount: { minor: 90_000, currency: 'USD' } });

describe('unusual-hour rule', () => {
  it('a high-value payment at an hour the established account was never active in fires, with the local time', async () => {
    const hit = await lastOf(rules('Asia/Tokyo'), [...habits(40), big(after(40, 3))]);
    expect(ruleIds(hit)).toEqual(['unusual-hour']);
    expect(hit.reasons[0]).toMatchObject({ observed: '12:00', threshold: '60d' });
    expect(hit.reasons[0]!.message).toContain('90000 USD payment at 12:00 (Asia/Tokyo)');
  });

  it('within an hour of its habits, or below the amount, or in a currency without one: silent', async () => {
    for (const at of [after(40, 9.2), after(40, 10.9), after(40, 19.5), after(40, 18.05)])
      expect(ruleIds(await lastOf(rules(), [...habits(40), big(at)])), String(at)).toEqual([]);
    const small = tx({ at: after(40, 3), amount: { minor: 49_999, currency: 'USD' } });
    expect(ruleIds(await lastOf(rules(), [...habits(40), small]))).toEqual([]);
    const yen = tx({ at: after(40, 3), amount: { minor: 900_000, currency: 'JPY' } });
    expect(ruleIds(await lastOf(rules(), [...habits(40), yen]))).toEqual([]);
    // Two hours from the nearest habit is new.
    expect(ruleIds(await lastOf(rules(), [...habits(40), big(after(40, 12.5))]))).toEqual([
      'unusual-hour',
    ]);
  });

  it('a payout method added at a new hour fires; other changes are not judged', async () => {
    const payout = change({ at: after(40, 3), change: 'payout_method_added' });
    expect(ruleIds(await lastOf(rules(), [...habits(40), payout]))).toEqual(['unusual-hour']);
    const email = change({ at: after(40, 3), change: 'email_changed' });
    expect(ruleIds(await lastOf(rules(), [...habits(40), email]))).toEqual([]);
  });

  it('thin history is silent: an account first active under 30 days ago, or with under 10 events', async () => {
    expect(ruleIds(await lastOf(rules(), [...habits(29), big(after(29, 3))]))).toEqual([]);
    const sparse = [login({ at: T0 + 10 * HOUR }), ...habits(4, T0 + 31 * DAY)];
    expect(ruleIds(await lastOf(rules(), [...sparse, big(after(35, 3))]))).toEqual([]);
    // The same account with ten events in the last 30 days fires.
    const enough = [login({ at: T0 + 10 * HOUR }), ...habits(5, T0 + 31 * DAY)];
    expect(ruleIds(await lastOf(rules(), [...enough, big(after(36, 3))]))).toEqual([
      'unusual-hour',
    ]);
  });

  it("never fires on an account's first event, nor when only failed sign-ins or declines came at that hour", async () => {
    expect(ruleIds(await lastOf(rules(), [big(after(0, 3))]))).toEqual([]);
    const failed = login({ at: after(39, 3), outcome: 'failure', failureReason: 'bad_password' });
    const declined = tx({ at: after(39, 3.5), status: 'declined' });
    expect(
      ruleIds(await lastOf(rules(), [...habits(40), failed, declined, big(after(40, 3))])),
    ).toEqual(['unusual-hour']);
  });

  it("a takeover's sign-in at a new hour does not make its cash-out minutes later habitual; an hour of yesterday and before does", async () => {
    const takeover = login({ at: after(40, 3), device: { id: 'attacker' } });
    expect(ruleIds(await lastOf(rules(), [...habits(40), takeover, big(after(40, 3.2))]))).toEqual([
      'unusual-hour',
    ]);
    const yesterday = login({ at: after(39, 3) });
    expect(ruleIds(await lastOf(rules(), [...habits(40), yesterday, big(after(40, 3.2))]))).toEqual(
      [],
    );
  });

  it('an hour last active more than the lookback ago is new again', async () => {
    const night = login({ at: T0 + 3 * HOUR });
    const history = [night, ...habits(70, T0 + DAY)];
    expect(ruleIds(await lastOf(rules(), [...history, big(after(71, 3))]))).toEqual([
      'unusual-hour',
    ]);
    const recent = [...history, login({ at: after(20, 3) })];
    expect(ruleIds(await lastOf(rules(), [...recent, big(after(71, 3))]))).toEqual([]);
  });
});
