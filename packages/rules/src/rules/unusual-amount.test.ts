import { describe, expect, it } from 'vitest';
import { T0, lastOf, ruleIds, ruleSetOf, times, tx } from '../test-helpers.ts';

const rs = ruleSetOf([
  {
    id: 'ua',
    type: 'unusual-amount',
    mode: 'enforce',
    score: 50,
    params: { multiplier: 3, minAmount: { USD: 20_000 }, minSamples: 5 },
  },
]);
const pay = (minor: number, i = 0, currency = 'USD') =>
  tx({ amount: { minor, currency }, at: T0 + i });
const history = (count: number) => times(count, (i) => pay(10_000, i));

describe('unusual-amount rule', () => {
  it('fires strictly above 3× the average (30,000), not at it', async () => {
    expect(ruleIds(await lastOf(rs, [...history(5), pay(30_000, 10)]))).toEqual([]);
    expect((await lastOf(rs, [...history(5), pay(30_001, 10)])).reasons[0]).toMatchObject({
      observed: 30_001,
      threshold: 30_000,
    });
  });

  it('needs enough history and an amount above the absolute floor', async () => {
    expect(ruleIds(await lastOf(rs, [...history(4), pay(90_000, 10)]))).toEqual([]);
    const small = ruleSetOf([
      {
        id: 'ua',
        type: 'unusual-amount',
        mode: 'enforce',
        score: 50,
        params: { multiplier: 3, minAmount: { USD: 50_000 } },
      },
    ]);
    expect(ruleIds(await lastOf(small, [...history(5), pay(50_000, 10)]))).toEqual([]);
    expect(ruleIds(await lastOf(small, [...history(5), pay(50_001, 10)]))).toEqual(['ua']);
  });

  it('keeps one average per currency', async () => {
    expect(ruleIds(await lastOf(rs, [...history(5), pay(90_000, 10, 'EUR')]))).toEqual([]);
  });

  it('declined payments do not move the average', async () => {
    const declined = times(5, (i) =>
      tx({ status: 'declined', amount: { minor: 1_000_000, currency: 'USD' }, at: T0 + 100 + i }),
    );
    expect(ruleIds(await lastOf(rs, [...history(5), ...declined, pay(30_001, 200)]))).toEqual([
      'ua',
    ]);
  });
});
