import { describe, expect, it } from 'vitest';
import { InMemoryFeatureStore } from '../in-memory-feature-store.ts';
import { listMutation } from '../list-mutations.ts';
import { lastOf, login, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

const rs = ruleSetOf([{ id: 'deny', type: 'deny-list', mode: 'enforce', score: 100, params: {} }]);

describe('deny-list rule', () => {
  it('blocks on a deny-listed card fingerprint, IP or account and names what matched', async () => {
    const store = new InMemoryFeatureStore();
    await store.applyListMutations([
      listMutation('add', 'deny', 'card', 'global', 'x', 'fp-stolen'),
      listMutation('add', 'deny', 'account', 'global', 'mule-1', 'mule-1'),
      listMutation('add', 'deny', 'ip', 'global', 'x', '198.51.100.66'),
    ]);
    const card = await lastOf(rs, [tx({ card: { fingerprint: 'fp-stolen' } })], store);
    expect(card.outcome).toBe('block');
    expect(card.reasons[0]).toMatchObject({ observed: 'card' });
    expect((await lastOf(rs, [login({ accountId: 'mule-1' })], store)).outcome).toBe('block');
    expect((await lastOf(rs, [login({ ip: '198.51.100.66' })], store)).outcome).toBe('block');
    expect(
      ruleIds(
        await lastOf(rs, [tx({ card: { fingerprint: 'fp-fine' }, ip: '198.51.100.67' })], store),
      ),
    ).toEqual([]);
  });

  it('a removed entry no longer matches', async () => {
    const store = new InMemoryFeatureStore();
    await store.applyListMutations([listMutation('add', 'deny', 'device', 'global', 'x', 'd-1')]);
    await store.applyListMutations([
      listMutation('remove', 'deny', 'device', 'global', 'x', 'd-1'),
    ]);
    expect(ruleIds(await lastOf(rs, [tx({ device: { id: 'd-1' } })], store))).toEqual([]);
  });
});
