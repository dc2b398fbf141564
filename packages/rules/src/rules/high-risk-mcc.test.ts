import { describe, expect, it } from 'vitest';
import { lastOf, oneRuleSet, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

const rs = ruleSetOf([
  {
    id: 'mcc',
    type: 'high-risk-mcc',
    mode: 'enforce',
    score: 40,
    params: { mccs: ['5967', '7995'] },
  },
]);

describe('high-risk-mcc rule', () => {
  it('fires on listed MCCs only', async () => {
    expect((await lastOf(rs, [tx({ merchant: { id: 'm', mcc: '7995' } })])).outcome).toBe(
      'challenge',
    );
    expect(ruleIds(await lastOf(rs, [tx({ merchant: { id: 'm', mcc: '5411' } })]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [tx({ merchant: { id: 'm' } })]))).toEqual([]);
  });

  it('channels: only card-absent sales when configured (a pharmacy counter is not high risk)', async () => {
    const cardAbsent = oneRuleSet(
      'high-risk-mcc',
      { mccs: ['5912'], channels: ['ecommerce', 'app'] },
      { id: 'mcc' },
    );
    const pharmacy = (channel: 'pos' | 'ecommerce') =>
      tx({ channel, merchant: { id: 'm', mcc: '5912' } });
    expect(ruleIds(await lastOf(cardAbsent, [pharmacy('ecommerce')]))).toEqual(['mcc']);
    expect(ruleIds(await lastOf(cardAbsent, [pharmacy('pos')]))).toEqual([]);
  });
});
