import { describe, expect, it } from 'vitest';
import { T0, lastOf, login, ruleIds, ruleSetOf, times, tx } from '../test-helpers.ts';

const MIN = 60_000;
const velocity = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ruleSetOf([{ id: 'v', type: 'velocity', mode: 'enforce', score: 40, params, ...extra }]);

describe('velocity rule', () => {
  const perCard = velocity({
    dimension: 'card',
    window: '1m',
    bucket: '5s',
    filter: { kinds: ['transaction'] },
    tiers: [{ atLeast: 5 }, { atLeast: 10, score: 80, outcome: 'review' }],
  });
  const cardTx = (i: number) =>
    tx({ card: { fingerprint: 'fp-1' }, at: T0 + i * 1_000, accountId: `acct-${i % 3}` });

  it('counts per card across accounts: below, at and above the threshold', async () => {
    expect(ruleIds(await lastOf(perCard, times(4, cardTx)))).toEqual([]);
    const at = await lastOf(perCard, times(5, cardTx));
    expect(at.reasons[0]).toMatchObject({ rule: 'v', score: 40, observed: 5, threshold: 5 });
    expect((await lastOf(perCard, times(6, cardTx))).reasons[0]).toMatchObject({
      observed: 6,
      threshold: 5,
    });
  });

  it('escalates to the highest tier reached, with its score and forced outcome', async () => {
    const nine = await lastOf(perCard, times(9, cardTx));
    expect(nine.reasons[0]?.score).toBe(40);
    const ten = await lastOf(perCard, times(10, cardTx));
    expect(ten.reasons[0]).toMatchObject({ score: 80, threshold: 10 });
    expect(ten.outcome).toBe('review');
  });

  it('counts (at − window, at] exactly: an event exactly one window old is out, 1 ms younger is in', async () => {
    const old = times(4, (i) => tx({ card: { fingerprint: 'fp-1' }, at: T0 + i }));
    const windowLater = tx({ card: { fingerprint: 'fp-1' }, at: T0 + MIN });
    expect(ruleIds(await lastOf(perCard, [...old, windowLater]))).toEqual([]);
    const justInside = tx({ card: { fingerprint: 'fp-1' }, at: T0 + MIN - 1 });
    expect(ruleIds(await lastOf(perCard, [...old, justInside]))).toEqual(['v']);
  });

  it('a late event counts only what happened before it, not the events recorded ahead of it', async () => {
    const ahead = times(4, (i) => tx({ card: { fingerprint: 'fp-1' }, at: T0 + 30_000 + i }));
    const late = tx({ card: { fingerprint: 'fp-1' }, at: T0 + 29_999 });
    expect(ruleIds(await lastOf(perCard, [...ahead, late]))).toEqual([]);
    const afterAll = tx({ card: { fingerprint: 'fp-1' }, at: T0 + 30_004 });
    expect(ruleIds(await lastOf(perCard, [...ahead, late, afterAll]))).toEqual(['v']);
  });

  it('does not apply to events without the dimension', async () => {
    expect(
      ruleIds(
        await lastOf(
          perCard,
          times(12, (i) => tx({ at: T0 + i })),
        ),
      ),
    ).toEqual([]);
  });

  it('sums amounts per currency at the edges of the per-currency threshold', async () => {
    const amount = velocity({
      dimension: 'account',
      measure: 'amount',
      window: '1h',
      tiers: [{ atLeast: { USD: 10_000 } }],
    });
    const pay = (minor: number, currency = 'USD', i = 0) =>
      tx({ amount: { minor, currency }, at: T0 + i });
    expect(ruleIds(await lastOf(amount, [pay(5_000), pay(4_999, 'USD', 1)]))).toEqual([]);
    expect((await lastOf(amount, [pay(5_000), pay(5_000, 'USD', 1)])).reasons[0]).toMatchObject({
      observed: 10_000,
      threshold: 10_000,
    });
    expect(ruleIds(await lastOf(amount, [pay(5_000), pay(5_001, 'USD', 1)]))).toEqual(['v']);
    // JPY is not configured and never mixes with USD.
    expect(ruleIds(await lastOf(amount, [pay(9_000), pay(1_000_000, 'JPY', 1)]))).toEqual([]);
  });

  it('counts only events matching the filter (declines per card)', async () => {
    const declines = velocity({
      dimension: 'card',
      window: '1h',
      filter: { kinds: ['transaction'], txStatus: 'declined' },
      tiers: [{ atLeast: 3 }],
    });
    const card = { fingerprint: 'fp-9' };
    const mixed = [
      tx({ card, status: 'declined' }),
      tx({ card, status: 'approved', at: T0 + 1 }),
      tx({ card, status: 'approved', at: T0 + 2 }),
      tx({ card, status: 'declined', at: T0 + 3 }),
    ];
    expect(ruleIds(await lastOf(declines, mixed))).toEqual([]);
    expect(
      ruleIds(await lastOf(declines, [...mixed, tx({ card, status: 'declined', at: T0 + 4 })])),
    ).toEqual(['v']);
  });

  it('burst of small payments: amountBelow is strict (199 counts, 200 does not)', async () => {
    const burst = velocity({
      dimension: 'device',
      window: '10m',
      filter: { kinds: ['transaction'], amountBelow: { USD: 200 } },
      tiers: [
        { atLeast: 6, outcome: 'challenge' },
        { atLeast: 11, score: 90, outcome: 'block' },
      ],
    });
    const small = (minor: number) => (i: number) =>
      tx({ device: { id: 'd' }, amount: { minor, currency: 'USD' }, at: T0 + i * 1_000 });
    expect(ruleIds(await lastOf(burst, times(6, small(200))))).toEqual([]);
    expect((await lastOf(burst, times(6, small(199)))).outcome).toBe('challenge');
    expect(ruleIds(await lastOf(burst, times(5, small(199))))).toEqual([]);
    expect((await lastOf(burst, times(11, small(199)))).outcome).toBe('block');
  });

  it('duplicate transaction: same amount and merchant within 2 minutes', async () => {
    const duplicate = velocity({
      dimension: 'account_merchant_amount',
      window: '2m',
      bucket: '10s',
      filter: { kinds: ['transaction'] },
      tiers: [{ atLeast: 2, outcome: 'review' }],
    });
    const buy = (minor: number, at: number, merchant = 'm-1') =>
      tx({ merchant: { id: merchant }, amount: { minor, currency: 'USD' }, at });
    expect((await lastOf(duplicate, [buy(1_500, T0), buy(1_500, T0 + 90_000)])).outcome).toBe(
      'review',
    );
    expect(ruleIds(await lastOf(duplicate, [buy(1_500, T0), buy(1_501, T0 + 1_000)]))).toEqual([]);
    expect(
      ruleIds(await lastOf(duplicate, [buy(1_500, T0), buy(1_500, T0 + 1_000, 'm-2')])),
    ).toEqual([]);
    expect(
      ruleIds(await lastOf(duplicate, [buy(1_500, T0), buy(1_500, T0 + 2 * MIN + 10_000)])),
    ).toEqual([]);
  });

  it("BIN attack per merchant: declines of one BIN at one merchant, not the issuer's declines elsewhere", async () => {
    const binAttack = velocity({
      dimension: 'merchant_bin',
      window: '6h',
      bucket: '30m',
      filter: { kinds: ['transaction'], txStatus: 'declined' },
      tiers: [{ atLeast: 6, outcome: 'review' }],
    });
    const declined = (merchant: string, i: number, bin = '411111') =>
      tx({
        accountId: `acct-${i}`,
        status: 'declined',
        merchant: { id: merchant },
        card: { fingerprint: `fp-${merchant}-${i}`, bin },
        at: T0 + i * 60_000,
      });
    const atOneMerchant = times(6, (i) => declined('m-weak', i));
    expect((await lastOf(binAttack, atOneMerchant)).outcome).toBe('review');
    // Six cardholders of a big issuer declined at six shops: ordinary, not an attack.
    expect(
      ruleIds(
        await lastOf(
          binAttack,
          times(6, (i) => declined(`m-${i}`, i)),
        ),
      ),
    ).toEqual([]);
    const otherBin = [...times(5, (i) => declined('m-weak', i)), declined('m-weak', 5, '522222')];
    expect(ruleIds(await lastOf(binAttack, otherBin))).toEqual([]);
  });

  it('success after failures from one IP (Wazuh 5763): judged on the success only', async () => {
    const rule = velocity({
      dimension: 'ip',
      window: '120s',
      bucket: '10s',
      filter: { kinds: ['login'], loginOutcome: 'failure' },
      when: { kinds: ['login'], loginOutcome: 'success' },
      tiers: [{ atLeast: 8, outcome: 'review' }],
    });
    const fail = (i: number) =>
      login({
        outcome: 'failure',
        failureReason: 'bad_password',
        ip: '192.0.2.10',
        at: T0 + i * 1_000,
        accountId: `victim-${i}`,
      });
    const success = login({ outcome: 'success', ip: '192.0.2.10', at: T0 + 20_000 });
    expect(ruleIds(await lastOf(rule, [...times(7, fail), success]))).toEqual([]);
    expect((await lastOf(rule, [...times(8, fail), success])).outcome).toBe('review');
    expect(ruleIds(await lastOf(rule, times(9, fail)))).toEqual([]);
  });

  it('MFA bombing: ≥ 5 bad OTPs in 10 min then a success forces block', async () => {
    const rule = velocity(
      {
        dimension: 'account',
        window: '10m',
        filter: { kinds: ['login'], loginOutcome: 'failure', failureReasons: ['bad_otp'] },
        when: { kinds: ['login'], loginOutcome: 'success' },
        tiers: [{ atLeast: 5, outcome: 'block' }],
      },
      { score: 90 },
    );
    const otp = (i: number) =>
      login({ outcome: 'failure', failureReason: 'bad_otp', method: 'otp', at: T0 + i * 1_000 });
    const badPassword = login({
      outcome: 'failure',
      failureReason: 'bad_password',
      at: T0 + 8_000,
    });
    const ok = login({ outcome: 'success', method: 'otp', at: T0 + 10_000 });
    expect(ruleIds(await lastOf(rule, [...times(4, otp), badPassword, ok]))).toEqual([]);
    expect((await lastOf(rule, [...times(5, otp), ok])).outcome).toBe('block');
  });
});
