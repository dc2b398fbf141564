import { describe, expect, it } from 'vitest';
import { T0, lastOf, oneRuleSet, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

const rs = ruleSetOf([
  {
    id: 'cm',
    type: 'country-mismatch',
    mode: 'enforce',
    score: 40,
    params: {
      neighbours: [['FR', 'BE']],
      largeAmount: { USD: 100_000 },
      largeScore: 75,
      largeOutcome: 'review',
    },
  },
]);
const pay = (fields: {
  card?: string;
  ip?: string;
  home?: string;
  minor?: number;
  at?: number;
  declined?: boolean;
}) =>
  tx({
    account: fields.home ? { country: fields.home } : undefined,
    card: fields.card ? { fingerprint: 'fp', country: fields.card } : undefined,
    geo: fields.ip ? { country: fields.ip } : undefined,
    amount: { minor: fields.minor ?? 1_000, currency: 'USD' },
    ...(fields.at === undefined ? {} : { at: fields.at }),
    ...(fields.declined ? { status: 'declined' as const } : {}),
  });

describe('country-mismatch rule', () => {
  it('card country differing from the account country challenges', async () => {
    const evaluation = await lastOf(rs, [pay({ home: 'JP', card: 'US' })]);
    expect(evaluation.reasons[0]).toMatchObject({
      rule: 'cm',
      score: 40,
      observed: 'US',
      threshold: 'JP',
    });
    expect(evaluation.outcome).toBe('challenge');
  });

  it('IP country differing fires too; same country, neighbours (either order) and unknown home do not', async () => {
    expect(ruleIds(await lastOf(rs, [pay({ home: 'JP', ip: 'NG' })]))).toEqual(['cm']);
    expect(ruleIds(await lastOf(rs, [pay({ home: 'JP', card: 'JP', ip: 'JP' })]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [pay({ home: 'FR', card: 'BE' })]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [pay({ home: 'BE', ip: 'FR' })]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [pay({ card: 'US' })]))).toEqual([]);
  });

  it('a large amount raises the hit to review (at the edge, not below)', async () => {
    expect((await lastOf(rs, [pay({ home: 'JP', card: 'US', minor: 99_999 })])).outcome).toBe(
      'challenge',
    );
    const large = await lastOf(rs, [pay({ home: 'JP', card: 'US', minor: 100_000 })]);
    expect(large.reasons[0]?.score).toBe(75);
    expect(large.outcome).toBe('review');
  });

  it('familiar: asked once per IP country, until the lookback passes; declines and card countries are not travel', async () => {
    const travel = oneRuleSet(
      'country-mismatch',
      { familiar: { lookback: '90d', record: { kinds: ['transaction'], txStatus: 'approved' } } },
      { id: 'cm' },
    );
    const DAY = 86_400_000;
    const inNigeria = (at: number, extra: { card?: string; declined?: boolean } = {}) =>
      pay({ home: 'JP', ip: 'NG', at, ...extra });
    expect(ruleIds(await lastOf(travel, [inNigeria(T0)]))).toEqual(['cm']);
    expect(ruleIds(await lastOf(travel, [inNigeria(T0), inNigeria(T0 + DAY)]))).toEqual([]);
    expect(
      ruleIds(await lastOf(travel, [inNigeria(T0, { declined: true }), inNigeria(T0 + DAY)])),
    ).toEqual(['cm']);
    expect(ruleIds(await lastOf(travel, [inNigeria(T0), inNigeria(T0 + 91 * DAY)]))).toEqual([
      'cm',
    ]);
    // A familiar IP country does not excuse a card issued abroad.
    expect(
      ruleIds(await lastOf(travel, [inNigeria(T0), inNigeria(T0 + DAY, { card: 'US' })])),
    ).toEqual(['cm']);
  });
});
