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
  const daily = (timezone: string, extra: Record<string, unknown> = {}) =>
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
      { timezone, ...extra },
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

  describe("in the account's time zone (countryTimezones)", () => {
    const zoned = daily('Asia/Tokyo', {
      countryTimezones: { IN: 'Asia/Kolkata', US: 'America/New_York' },
    });
    const payIn = (country: string | undefined, minor: number, at: number) =>
      tx({
        accountId: `acct-${country ?? 'none'}`,
        amount: { minor, currency: 'USD' },
        account: country === undefined ? undefined : { country },
        at,
      });
    const observedAfter = async (country: string | undefined, first: number, second: number) => {
      const evaluation = await lastOf(zoned, [
        payIn(country, 6_000, first),
        payIn(country, 6_000, second),
      ]);
      return evaluation.reasons[0]?.observed ?? 6_000;
    };

    it('India (UTC+5:30): the day turns at 18:30 UTC, to the millisecond', async () => {
      const midnight = Date.parse('2026-11-24T18:30:00.000Z');
      expect(await observedAfter('IN', midnight - 2, midnight - 1)).toBe(12_000);
      expect(await observedAfter('IN', midnight - 1, midnight)).toBe(6_000);
      expect(await observedAfter('IN', midnight, midnight + 1)).toBe(12_000);
    });

    it('New York across DST: midnight is 05:00 UTC in winter, 04:00 UTC in summer', async () => {
      const winter = Date.parse('2026-03-08T05:00:00.000Z'); // the DST day starts on EST
      expect(await observedAfter('US', winter - 1, winter)).toBe(6_000);
      expect(await observedAfter('US', winter, winter + 1)).toBe(12_000);
      const summer = Date.parse('2026-03-09T04:00:00.000Z'); // the next day starts on EDT
      expect(await observedAfter('US', summer - 1, summer)).toBe(6_000);
      expect(await observedAfter('US', summer - 2, summer - 1)).toBe(12_000);
      // 04:30 UTC on the 8th is still the 7th in New York (EST), as is 04:59:59.999.
      expect(await observedAfter('US', winter - 30 * 60_000, winter - 1)).toBe(12_000);
    });

    it('an unknown or missing country falls back to the rule set zone (Tokyo turns at 15:00 UTC)', async () => {
      const tokyo = Date.parse('2026-11-24T15:00:00.000Z');
      expect(await observedAfter('FR', tokyo - 1, tokyo)).toBe(6_000);
      expect(await observedAfter(undefined, tokyo - 1, tokyo)).toBe(6_000);
      expect(await observedAfter(undefined, tokyo, tokyo + 1)).toBe(12_000);
    });

    it('counts the day only up to the event: a later payment of the same day recorded first does not count', async () => {
      const noon = Date.parse('2026-11-24T03:00:00.000Z'); // noon in Tokyo
      const later = payIn('JP', 9_500, noon + 3_600_000);
      const earlier = payIn('JP', 2_000, noon);
      const evaluation = await lastOf(zoned, [later, earlier]);
      expect(evaluation.reasons).toEqual([]);
      const after = payIn('JP', 100, noon + 3_600_001);
      expect((await lastOf(zoned, [later, earlier, after])).reasons[0]).toMatchObject({
        observed: 11_600,
      });
    });
  });
});
