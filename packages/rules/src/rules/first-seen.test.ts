import { describe, expect, it } from 'vitest';
import { InMemoryFeatureStore } from '../in-memory-feature-store.ts';
import { listMutation } from '../list-mutations.ts';
import { T0, lastOf, login, oneRuleSet, ruleIds, tx } from '../test-helpers.ts';

const DAY = 86_400_000;
/** A one-rule set of a first-seen rule with these params (id `id`, score 45 unless given). */
function firstSeen(params: Record<string, unknown>, id = 'new-device', score = 45) {
  return oneRuleSet('first-seen', params, { id, score });
}
const loginSuccess = { kinds: ['login'], loginOutcome: 'success' };
const newDeviceLogin = firstSeen({
  of: 'device',
  lookback: '30d',
  record: { kinds: ['transaction', 'login'], txStatus: 'approved', loginOutcome: 'success' },
  when: loginSuccess,
});
const ok = (device: string, at: number) => login({ device: { id: device }, at });

describe('first-seen rule', () => {
  it('a device never seen fires; the second login from it does not', async () => {
    const first = await lastOf(newDeviceLogin, [ok('d-1', T0)]);
    expect(first.reasons[0]).toMatchObject({
      rule: 'new-device',
      observed: 'never',
      threshold: '30d',
    });
    expect(ruleIds(await lastOf(newDeviceLogin, [ok('d-1', T0), ok('d-1', T0 + 1)]))).toEqual([]);
  });

  it('lookback edge: seen exactly 30 days ago still counts as seen, 30 days + 1 ms does not', async () => {
    expect(
      ruleIds(await lastOf(newDeviceLogin, [ok('d-1', T0), ok('d-1', T0 + 30 * DAY)])),
    ).toEqual([]);
    expect(
      ruleIds(await lastOf(newDeviceLogin, [ok('d-1', T0), ok('d-1', T0 + 30 * DAY + 1)])),
    ).toEqual(['new-device']);
  });

  it('failed logins do not make a device known; approved payments do', async () => {
    const failed = login({
      device: { id: 'd-2' },
      outcome: 'failure',
      failureReason: 'bad_password',
      at: T0,
    });
    expect(ruleIds(await lastOf(newDeviceLogin, [failed, ok('d-2', T0 + 1)]))).toEqual([
      'new-device',
    ]);
    const paid = tx({ device: { id: 'd-3' }, at: T0 });
    expect(ruleIds(await lastOf(newDeviceLogin, [paid, ok('d-3', T0 + 1)]))).toEqual([]);
  });

  it('a device trusted for the account (allow list from legit feedback) never fires', async () => {
    const store = new InMemoryFeatureStore();
    await store.applyListMutations([
      listMutation('add', 'allow', 'device', 'account', 'acct-1', 'd-9'),
    ]);
    expect(ruleIds(await lastOf(newDeviceLogin, [ok('d-9', T0)], store))).toEqual([]);
    expect(
      ruleIds(
        await lastOf(
          newDeviceLogin,
          [login({ accountId: 'acct-2', device: { id: 'd-9' } })],
          store,
        ),
      ),
    ).toEqual(['new-device']);
  });

  it('noHistory learn: an account with no history learns its first device; later new devices fire', async () => {
    const learning = firstSeen({
      of: 'device',
      lookback: '30d',
      noHistory: 'learn',
      history: '400d',
      record: loginSuccess,
      when: loginSuccess,
    });
    expect(ruleIds(await lastOf(learning, [ok('d-1', T0)]))).toEqual([]);
    expect(ruleIds(await lastOf(learning, [ok('d-1', T0), ok('d-2', T0 + 1)]))).toEqual([
      'new-device',
    ]);
    // Dormant beyond the lookback but within history: the old device is unfamiliar, not a baseline.
    expect(ruleIds(await lastOf(learning, [ok('d-1', T0), ok('d-1', T0 + 60 * DAY)]))).toEqual([
      'new-device',
    ]);
    // A failed login records nothing, so the first success is still the baseline.
    const failed = login({
      device: { id: 'd-x' },
      outcome: 'failure',
      failureReason: 'bad_password',
    });
    expect(ruleIds(await lastOf(learning, [failed, ok('d-1', T0 + 1)]))).toEqual([]);
    // The default (flag) still fires on the very first login.
    expect(ruleIds(await lastOf(newDeviceLogin, [ok('d-1', T0)]))).toEqual(['new-device']);
  });

  it('history shorter than the lookback is a configuration error', () => {
    expect(() =>
      firstSeen({ of: 'device', lookback: '30d', history: '7d', record: {}, when: {} }),
    ).toThrow(/history must be at least the lookback/);
  });

  it('new device with a high amount: fires at the minimum, not just below', async () => {
    const rs = firstSeen(
      {
        of: 'device',
        lookback: '30d',
        record: { kinds: ['transaction'], txStatus: 'approved' },
        when: { kinds: ['transaction'] },
        minAmount: { USD: 50_000 },
      },
      'ndha',
      55,
    );
    const pay = (minor: number) =>
      tx({ device: { id: 'new' }, amount: { minor, currency: 'USD' } });
    expect(ruleIds(await lastOf(rs, [pay(49_999)]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [pay(50_000)]))).toEqual(['ndha']);
    expect(
      ruleIds(
        await lastOf(rs, [
          tx({ device: { id: 'new' }, amount: { minor: 9_000_000, currency: 'JPY' } }),
        ]),
      ),
    ).toEqual([]);
  });

  it('new country login: country of the geo', async () => {
    const rs = firstSeen(
      { of: 'country', lookback: '90d', record: loginSuccess, when: loginSuccess },
      'nc',
    );
    const from = (country: string, at: number) => login({ geo: { country }, at });
    expect(ruleIds(await lastOf(rs, [from('JP', T0), from('JP', T0 + DAY)]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [from('JP', T0), from('BR', T0 + DAY)]))).toEqual(['nc']);
  });
});
