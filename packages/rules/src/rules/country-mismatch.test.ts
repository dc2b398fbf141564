import { describe, expect, it } from 'vitest';
import { T0, lastOf, login, oneRuleSet, ruleIds, ruleSetOf, tx } from '../test-helpers.ts';

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

  it("ownDevice: the customer's own device abroad is travel; a device just added to an account that has one is not", async () => {
    const rules = oneRuleSet(
      'country-mismatch',
      {
        ownDevice: {
          tenure: '6h',
          lookback: '30d',
          record: {
            kinds: ['transaction', 'login'],
            txStatus: 'approved',
            loginOutcome: 'success',
          },
        },
      },
      { id: 'cm' },
    );
    const HOUR = 3_600_000;
    const signIn = (device: string, at: number) => login({ device: { id: device }, at });
    const abroad = (device: string, at: number) =>
      tx({ account: { country: 'JP' }, geo: { country: 'US' }, device: { id: device }, at });
    // A phone that signed in 6 h before (next to an older device): the customer's own.
    const old = signIn('tablet', T0 - 24 * HOUR);
    expect(
      ruleIds(await lastOf(rules, [old, signIn('phone', T0), abroad('phone', T0 + 6 * HOUR)])),
    ).toEqual([]);
    expect(
      ruleIds(await lastOf(rules, [old, signIn('phone', T0), abroad('phone', T0 + 6 * HOUR - 1)])),
    ).toEqual(['cm']);
    // A device first used minutes ago on an account with an older device: asked about.
    expect(
      ruleIds(
        await lastOf(rules, [
          signIn('phone', T0),
          signIn('intruder', T0 + 10 * HOUR),
          abroad('intruder', T0 + 10 * HOUR + 60_000),
        ]),
      ),
    ).toEqual(['cm']);
    // The account's first device is its baseline, however new.
    expect(
      ruleIds(await lastOf(rules, [signIn('phone', T0), abroad('phone', T0 + 60_000)])),
    ).toEqual([]);
    // A card issued abroad is not excused by the device.
    expect(
      ruleIds(
        await lastOf(rules, [
          signIn('phone', T0),
          tx({
            account: { country: 'JP' },
            card: { fingerprint: 'fp', country: 'US' },
            device: { id: 'phone' },
            at: T0 + 7 * HOUR,
          }),
        ]),
      ),
    ).toEqual(['cm']);
  });

  it('cardPresent: small purchases at a terminal abroad pass; a large one unless the customer signed in from there', async () => {
    const rules = oneRuleSet(
      'country-mismatch',
      {
        largeAmount: { USD: 100_000 },
        largeOutcome: 'review',
        cardPresent: {
          signedIn: {
            lookback: '90d',
            within: '7d',
            record: { kinds: ['login'], loginOutcome: 'success' },
          },
        },
      },
      { id: 'cm' },
    );
    const DAY = 86_400_000;
    const atTerminal = (minor: number, at = T0 + DAY) =>
      tx({
        account: { country: 'JP' },
        geo: { country: 'FR' },
        channel: 'pos',
        amount: { minor, currency: 'USD' },
        at,
      });
    const signedInFromFrance = login({ geo: { country: 'FR' }, at: T0 });
    expect(ruleIds(await lastOf(rules, [atTerminal(99_999)]))).toEqual([]);
    expect((await lastOf(rules, [atTerminal(100_000)])).outcome).toBe('review');
    expect(ruleIds(await lastOf(rules, [signedInFromFrance, atTerminal(100_000)]))).toEqual([]);
    expect(
      ruleIds(await lastOf(rules, [signedInFromFrance, atTerminal(100_000, T0 + 8 * DAY)])),
    ).toEqual(['cm']);
    // With an IP (card not present), the terminal rule does not apply.
    expect(
      ruleIds(
        await lastOf(rules, [
          tx({ account: { country: 'JP' }, geo: { country: 'FR' }, ip: '90.12.1.1', at: T0 }),
        ]),
      ),
    ).toEqual(['cm']);
  });
});
