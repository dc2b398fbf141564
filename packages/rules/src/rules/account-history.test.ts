import { describe, expect, it } from 'vitest';
import { T0, lastOf, ruleIds, ruleSetOf, times, tx } from '../test-helpers.ts';

const DAY = 86_400_000;
/** Amount per account in 1 h: ¥300,000 platform cut-off, or 10× an established account's average payment. */
const rs = ruleSetOf([
  {
    id: 'amount-1h',
    type: 'velocity',
    mode: 'enforce',
    score: 45,
    params: {
      dimension: 'account',
      measure: 'amount',
      window: '1h',
      bucket: '5m',
      filter: {
        kinds: ['transaction'],
        txStatus: 'approved',
        txTypes: ['payment', 'transfer', 'withdrawal'],
      },
      tiers: [{ atLeast: { JPY: 300_000, USD: 200_000 } }],
      accountHistory: { multiplier: 10, minSamples: 5, minAccountAge: '30d' },
    },
  },
]);
const OLD = new Date(T0 - 400 * DAY).toISOString();
const pay = (minor: number, at: number, createdAt: string | undefined = OLD, currency = 'JPY') =>
  tx({
    amount: { minor, currency },
    at,
    ...(createdAt === undefined ? {} : { account: { createdAt } }),
  });
/** Five ¥40,000 payments a day apart, long before the hour judged: an average of ¥40,000. */
const history = (createdAt?: string) =>
  times(5, (i) => pay(40_000, T0 - (10 - i) * DAY, createdAt));

describe('velocity amount against the account history', () => {
  it('an established account is judged at 10× its own average (¥400,000) when that is above the cut-off', async () => {
    // The average is the one before the payment judged: ¥350,000 passes where the cut-off alone would flag it.
    expect(ruleIds(await lastOf(rs, [...history(), pay(350_000, T0)]))).toEqual([]);
    const hit = await lastOf(rs, [...history(), pay(400_000, T0)]);
    expect(hit.reasons[0]).toMatchObject({
      rule: 'amount-1h',
      observed: 400_000,
      threshold: 400_000,
    });
    expect(hit.reasons[0]?.message).toContain("10× the account's average payment 40000");
  });

  it('keeps the platform cut-off when the account average is small (10× ¥5,000 is under ¥300,000)', async () => {
    const small = times(5, (i) => pay(5_000, T0 - (10 - i) * DAY));
    expect((await lastOf(rs, [...small, pay(300_000, T0)])).reasons[0]).toMatchObject({
      threshold: 300_000,
    });
  });

  it('a young account, one without createdAt, or one with too few payments meets the plain cut-off', async () => {
    const young = new Date(T0 - 10 * DAY).toISOString();
    expect(
      (await lastOf(rs, [...history(young), pay(300_000, T0, young)])).reasons[0],
    ).toMatchObject({ threshold: 300_000 });
    const unknown = times(5, (i) =>
      tx({ amount: { minor: 40_000, currency: 'JPY' }, at: T0 - (10 - i) * DAY }),
    );
    expect(
      (await lastOf(rs, [...unknown, tx({ amount: { minor: 300_000, currency: 'JPY' }, at: T0 })]))
        .reasons[0],
    ).toMatchObject({ threshold: 300_000 });
    expect((await lastOf(rs, [...history().slice(1), pay(300_000, T0)])).reasons[0]).toMatchObject({
      threshold: 300_000,
    });
  });

  it('keeps one history per currency: yen spending does not raise the dollar threshold', async () => {
    expect(
      (await lastOf(rs, [...history(), pay(200_000, T0, OLD, 'USD')])).reasons[0],
    ).toMatchObject({ threshold: 200_000 });
  });

  it('is rejected on anything but amount per account', () => {
    const bad = {
      dimension: 'card',
      measure: 'amount',
      window: '1h',
      tiers: [{ atLeast: 1 }],
      accountHistory: { multiplier: 10 },
    };
    expect(() =>
      ruleSetOf([{ id: 'v', type: 'velocity', mode: 'enforce', score: 40, params: bad }]),
    ).toThrow(/accountHistory needs dimension account/);
  });
});
