import type { RiskDecision } from '@vigil/events';
import { describe, expect, it } from 'vitest';
import { paymentDayCounts, paymentKeys } from './payment-volume.ts';

const decision = (overrides: Partial<RiskDecision> = {}): RiskDecision => ({
  schemaVersion: 1,
  decisionId: 'dec-1',
  eventId: 'evt-1',
  eventType: 'transaction',
  accountId: 'acct-1',
  occurredAt: '2026-12-01T09:00:00.000Z',
  decidedAt: '2026-12-01T09:00:00.020Z',
  score: 0,
  outcome: 'allow',
  reasons: [],
  shadowReasons: [],
  ruleSetVersion: 'v1',
  subject: { transactionId: 'tx-1', bin: '45717360', merchantId: 'm-1' },
  ...overrides,
});

describe('paymentKeys', () => {
  it("is a transaction decision's BIN and merchant, flagged or not", () => {
    expect(paymentKeys(decision())).toEqual({
      bin: '45717360',
      merchantId: 'm-1',
      declined: false,
    });
    expect(paymentKeys(decision({ subject: { transactionId: 'tx-1' } }))).toEqual({
      bin: undefined,
      merchantId: undefined,
      declined: false,
    });
  });

  it('says declined only when the decision says so (no status: counted as approved)', () => {
    const subject = { transactionId: 'tx-1', bin: '45717360' };
    const withStatus = (paymentStatus: 'approved' | 'declined') =>
      paymentKeys(decision({ subject: { ...subject, paymentStatus } }))?.declined;
    expect(withStatus('declined')).toBe(true);
    expect(withStatus('approved')).toBe(false);
  });

  it('is nothing for logins, account changes and follow-ups (their payment was counted already)', () => {
    expect(paymentKeys(decision({ eventType: 'login' }))).toBeUndefined();
    expect(paymentKeys(decision({ eventType: 'account_change' }))).toBeUndefined();
    expect(
      paymentKeys(decision({ followUp: { kind: 'late_event', eventId: 'evt-0' } })),
    ).toBeUndefined();
  });
});

describe('paymentDayCounts', () => {
  const at = (day: string) => `2026-12-${day}T23:59:59.999Z`;
  const pay = (bin?: string, merchantId?: string, declined = false) => ({
    bin,
    merchantId,
    declined,
  });

  it('sums per UTC day of the decision and per BIN and merchant, in one order', () => {
    expect(
      paymentDayCounts([
        { decidedAt: at('01'), payment: pay('411111', 'm-2') },
        { decidedAt: at('01'), payment: pay('411111', 'm-1') },
        { decidedAt: at('02'), payment: pay('411111', 'm-1') },
        { decidedAt: at('01'), payment: pay('550000') },
        { decidedAt: at('01'), payment: pay(undefined, 'm-1') },
        { decidedAt: at('01'), payment: undefined },
      ]),
    ).toEqual([
      { day: '2026-12-01', dimension: 'bin', key: '411111', payments: 2, declined: 0 },
      { day: '2026-12-02', dimension: 'bin', key: '411111', payments: 1, declined: 0 },
      { day: '2026-12-01', dimension: 'bin', key: '550000', payments: 1, declined: 0 },
      { day: '2026-12-01', dimension: 'merchant', key: 'm-1', payments: 2, declined: 0 },
      { day: '2026-12-02', dimension: 'merchant', key: 'm-1', payments: 1, declined: 0 },
      { day: '2026-12-01', dimension: 'merchant', key: 'm-2', payments: 1, declined: 0 },
    ]);
  });

  it('counts declined payments apart from approved ones', () => {
    expect(
      paymentDayCounts([
        { decidedAt: at('01'), payment: pay('411111', 'm-1') },
        { decidedAt: at('01'), payment: pay('411111', 'm-1', true) },
        { decidedAt: at('01'), payment: pay('411111', undefined, true) },
      ]),
    ).toEqual([
      { day: '2026-12-01', dimension: 'bin', key: '411111', payments: 1, declined: 2 },
      { day: '2026-12-01', dimension: 'merchant', key: 'm-1', payments: 1, declined: 1 },
    ]);
  });

  it('is empty when no record is a payment', () => {
    expect(paymentDayCounts([{ decidedAt: at('01'), payment: undefined }])).toEqual([]);
  });
});
