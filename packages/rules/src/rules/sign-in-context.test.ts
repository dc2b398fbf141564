import { describe, expect, it } from 'vitest';
import { T0, change, lastOf, login, oneRuleSet, ruleIds, times, tx } from '../test-helpers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const loginSuccess = { kinds: ['login'], loginOutcome: 'success' };
const recordBoth = {
  kinds: ['transaction', 'login'],
  txStatus: 'approved',
  loginOutcome: 'success',
};
const context = (anyOf: unknown[]) => ({
  anyOf,
  record: recordBoth,
  unlessChange: { within: '72h', changes: ['password_reset', 'email_changed', 'phone_changed'] },
  unlessFailures: { atLeast: 3, within: '1h', bucket: '5m' },
  unlessFasterThanKmh: 900,
});
/** The default rule set's login rule for `of`, familiar by `familiarOf` (id `new-<of>`). */
const loginRule = (of: string, lookback: string, record: unknown, familiarOf: string) =>
  oneRuleSet(
    'first-seen',
    {
      of,
      lookback,
      noHistory: 'learn',
      record,
      when: loginSuccess,
      familiar: context([{ of: familiarOf, lookback: '30d' }]),
    },
    { id: `new-${of}`, score: 45 },
  );
/** A new device is familiar on the account's network (/24). */
const newDevice = loginRule('device', '30d', recordBoth, 'ip_prefix');
/** A new country is familiar on a device of the account's. */
const newCountry = loginRule('country', '90d', loginSuccess, 'device');
const TOKYO = { country: 'JP', lat: 35.68, lon: 139.69 };
const SEOUL = { country: 'KR', lat: 37.57, lon: 126.98 };
const home = (at: number, device = 'phone-1', ip = '126.12.7.20') =>
  login({ device: { id: device }, ip, geo: TOKYO, at });

describe('first sight in the context of the sign-in', () => {
  it("a new device on the account's network is remembered, not flagged; on another network it is", async () => {
    const history = [home(T0), home(T0 + DAY)];
    // Same /24 as the account's sign-ins (another address in it: a home router renews its lease).
    expect(
      ruleIds(await lastOf(newDevice, [...history, home(T0 + 2 * DAY, 'phone-2', '126.12.7.99')])),
    ).toEqual([]);
    expect(
      ruleIds(await lastOf(newDevice, [...history, home(T0 + 2 * DAY, 'phone-2', '126.12.8.20')])),
    ).toEqual(['new-device']);
    // An approved payment from the network makes it familiar too.
    const paid = tx({ device: { id: 'phone-1' }, ip: '60.66.1.5', at: T0 + DAY });
    expect(
      ruleIds(
        await lastOf(newDevice, [home(T0), paid, home(T0 + 2 * DAY, 'phone-2', '60.66.1.6')]),
      ),
    ).toEqual([]);
  });

  it('a recent password reset or contact change keeps the flag on a familiar network', async () => {
    const run = (
      changedAt: number,
      kind: 'phone_changed' | 'password_reset' | 'payout_method_added',
    ) =>
      lastOf(newDevice, [
        home(T0),
        change({ change: kind, at: changedAt }),
        home(T0 + 4 * DAY, 'phone-2', '126.12.7.99'),
      ]);
    expect(ruleIds(await run(T0 + 4 * DAY - 10 * 60_000, 'phone_changed'))).toEqual(['new-device']);
    expect(ruleIds(await run(T0 + DAY + 1, 'password_reset'))).toEqual(['new-device']);
    // Older than 72 h, or a change that is not in the list: the network vouches again.
    expect(ruleIds(await run(T0 + DAY - 1, 'password_reset'))).toEqual([]);
    expect(ruleIds(await run(T0 + 4 * DAY - 60_000, 'payout_method_added'))).toEqual([]);
  });

  it('three failed sign-ins within the hour keep the flag; two do not', async () => {
    const failure = (at: number) =>
      login({ outcome: 'failure', failureReason: 'bad_password', ip: '126.12.7.20', at });
    const at = T0 + 2 * DAY;
    const run = (failures: number) =>
      lastOf(newDevice, [
        home(T0),
        ...times(failures, (i) => failure(at - (i + 1) * 60_000)),
        home(at, 'phone-2', '126.12.7.99'),
      ]);
    expect(ruleIds(await run(2))).toEqual([]);
    expect(ruleIds(await run(3))).toEqual(['new-device']);
  });

  it('a new country reached on a device of the account at travel speed is allowed; faster, or on a new device, is not', async () => {
    const seoul = (at: number, device = 'phone-1') =>
      login({ device: { id: device }, ip: '121.134.5.6', geo: SEOUL, at });
    // Tokyo → Seoul is ~1,160 km: 3 h later is ~390 km/h, 30 min later ~2,300 km/h.
    expect(ruleIds(await lastOf(newCountry, [home(T0), seoul(T0 + 3 * HOUR)]))).toEqual([]);
    expect(ruleIds(await lastOf(newCountry, [home(T0), seoul(T0 + 30 * 60_000)]))).toEqual([
      'new-country',
    ]);
    expect(ruleIds(await lastOf(newCountry, [home(T0), seoul(T0 + 3 * HOUR, 'phone-9')]))).toEqual([
      'new-country',
    ]);
  });

  it("the account's first sign-in is still its baseline (noHistory: learn)", async () => {
    expect(ruleIds(await lastOf(newDevice, [home(T0, 'phone-1', '8.8.8.8')]))).toEqual([]);
    expect(ruleIds(await lastOf(newCountry, [home(T0)]))).toEqual([]);
  });
});
