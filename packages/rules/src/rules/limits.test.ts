import { describe, expect, it } from 'vitest';
import { lastOf, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

const limits = { basic: { USD: 10_000 }, verified: { USD: 500_000 } };
const single = ruleSetOf([
  {
    id: 'single',
    type: 'single-limit',
    mode: 'enforce',
    score: 75,
    params: { limits, overOutcome: 'review' },
  },
]);
const pay = (minor: number, tier?: 'basic' | 'verified', at = Date.parse('2026-11-24T01:00:00Z')) =>
  tx({ amount: { minor, currency: 'USD' }, account: tier ? { tier } : undefined, at });

describe('single-limit rule', () => {
  it('near (≥ 90%) challenges, over the limit forces review', async () => {
    expect(ruleIds(await lastOf(single, [pay(8_999)]))).toEqual([]);
    expect((await lastOf(single, [pay(9_000)])).reasons[0]).toMatchObject({
      score: 45,
      threshold: 9_000,
    });
    const atLimit = await lastOf(single, [pay(10_000)]);
    expect(atLimit.reasons[0]?.score).toBe(45);
    expect(atLimit.outcome).toBe('challenge');
    const over = await lastOf(single, [pay(10_001)]);
    expect(over.reasons[0]).toMatchObject({ score: 75, observed: 10_001, threshold: 10_000 });
    expect(over.outcome).toBe('review');
  });

  it('uses the account tier (basic by default) and ignores unconfigured currencies and refunds', async () => {
    expect(ruleIds(await lastOf(single, [pay(10_001, 'verified')]))).toEqual([]);
    expect(
      ruleIds(await lastOf(single, [tx({ amount: { minor: 10_000_000, currency: 'JPY' } })])),
    ).toEqual([]);
    expect(
      ruleIds(
        await lastOf(single, [tx({ type: 'refund', amount: { minor: 50_000, currency: 'USD' } })]),
      ),
    ).toEqual([]);
  });
});

describe('daily-limit rule', () => {
  const daily = (timezone: string) =>
    ruleSetOf(
      [
        {
          id: 'daily',
          type: 'daily-limit',
          mode: 'enforce',
          score: 75,
          params: { limits, overOutcome: 'review' },
        },
      ],
      { timezone },
    );

  it('adds up approved outgoing payments of the local day: 9,000 + 1,000 = limit (near), + 1 over', async () => {
    const rs = daily('UTC');
    expect((await lastOf(rs, [pay(5_000), pay(3_999)])).reasons).toEqual([]);
    expect((await lastOf(rs, [pay(5_000), pay(4_000)])).reasons[0]?.score).toBe(45);
    expect((await lastOf(rs, [pay(5_000), pay(5_001)])).outcome).toBe('review');
    const declined = tx({ amount: { minor: 9_000, currency: 'USD' }, status: 'declined' });
    expect(ruleIds(await lastOf(rs, [declined, pay(2_000)]))).toEqual([]);
  });

  it('resets at local midnight: Asia/Tokyo rolls over at 15:00 UTC, UTC does not', async () => {
    const before = pay(6_000, undefined, Date.parse('2026-11-24T14:59:59.999Z'));
    const after = pay(6_000, undefined, Date.parse('2026-11-24T15:00:00.000Z'));
    expect(ruleIds(await lastOf(daily('Asia/Tokyo'), [before, after]))).toEqual([]);
    expect((await lastOf(daily('UTC'), [before, after])).reasons[0]).toMatchObject({
      observed: 12_000,
    });
  });
});
