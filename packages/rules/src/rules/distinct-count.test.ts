import { describe, expect, it } from 'vitest';
import { T0, lastOf, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

const rule = (params: Record<string, unknown>) =>
  ruleSetOf([{ id: 'd', type: 'distinct', mode: 'enforce', score: 60, params }]);

describe('distinct rule', () => {
  const cardsPerDevice = rule({
    dimension: 'device',
    of: 'card',
    window: '1h',
    filter: { kinds: ['transaction'] },
    tiers: [{ atLeast: 4 }],
  });
  const onDevice = (fingerprint: string, i: number) =>
    tx({ device: { id: 'dev-1' }, card: { fingerprint }, at: T0 + i * 1_000 });

  it('distinct cards per device: 3 no, 4 yes, repeats do not count', async () => {
    expect(ruleIds(await lastOf(cardsPerDevice, ['a', 'b', 'c', 'a', 'b'].map(onDevice)))).toEqual(
      [],
    );
    expect(
      (await lastOf(cardsPerDevice, ['a', 'b', 'c', 'd'].map(onDevice))).reasons[0],
    ).toMatchObject({ observed: 4, threshold: 4 });
    expect(
      (await lastOf(cardsPerDevice, ['a', 'b', 'c', 'd', 'e'].map(onDevice))).reasons[0],
    ).toMatchObject({ observed: 5 });
  });

  it('cards seen before the window do not count', async () => {
    const early = ['a', 'b', 'c'].map(onDevice);
    const late = tx({
      device: { id: 'dev-1' },
      card: { fingerprint: 'd' },
      at: T0 + 3_600_000 + 10_000,
    });
    expect(ruleIds(await lastOf(cardsPerDevice, [...early, late]))).toEqual([]);
  });

  it('accounts per card (fan-out)', async () => {
    const accountsPerCard = rule({
      dimension: 'card',
      of: 'account',
      window: '48h',
      tiers: [{ atLeast: 3 }],
    });
    const use = (accountId: string, i: number) =>
      tx({ accountId, card: { fingerprint: 'shared' }, at: T0 + i });
    expect(ruleIds(await lastOf(accountsPerCard, ['x', 'y', 'x'].map(use)))).toEqual([]);
    expect(ruleIds(await lastOf(accountsPerCard, ['x', 'y', 'z'].map(use)))).toEqual(['d']);
  });
});
