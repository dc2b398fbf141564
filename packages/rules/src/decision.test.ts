import { describe, expect, it } from 'vitest';
import type { Evaluation } from './evaluate.ts';
import { buildDecision, decisionIdFor } from './decision.ts';
import { login, T0, tx } from './test-helpers.ts';

const allowed: Evaluation = {
  score: 0,
  outcome: 'allow',
  reasons: [],
  shadowReasons: [],
  ruleSetVersion: 'test-1',
  forcedBy: [],
  temporaryLocks: [],
  evaluatedAt: T0,
};

describe('decisionIdFor', () => {
  it('is the event id with a prefix when it fits', () => {
    expect(decisionIdFor('evt-1')).toBe('dec-evt-1');
  });

  it('stays within 128 characters and distinct for long ids sharing a prefix', () => {
    const base = 'x'.repeat(125);
    const a = decisionIdFor(`${base}aaa`);
    const b = decisionIdFor(`${base}bbb`);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(b.length).toBeLessThanOrEqual(128);
    expect(a).not.toBe(b);
    expect(decisionIdFor(`${base}aaa`)).toBe(a);
  });
});

describe('buildDecision subject', () => {
  it("names a payment's card BIN and merchant, the denominators of chargeback rates", () => {
    const scored = tx({
      card: { fingerprint: 'fp-1', bin: '45717360', last4: '4242' },
      merchant: { id: 'merchant-77', name: 'Shop' },
    });
    expect(buildDecision(scored, allowed).subject).toEqual({
      transactionId: scored.kind === 'transaction' ? scored.event.transactionId : '',
      bin: '45717360',
      merchantId: 'merchant-77',
      paymentStatus: 'approved',
    });
  });

  it("carries the payment's status, so declined payments stay out of chargeback rates", () => {
    const declined = tx({ status: 'declined', declineReason: 'insufficient_funds' });
    expect(buildDecision(declined, allowed).subject.paymentStatus).toBe('declined');
  });

  it('leaves them out when the payment has no card BIN or merchant, and for other events', () => {
    const p2p = tx({ card: { fingerprint: 'fp-1' }, beneficiary: { id: 'b-1' } });
    expect(Object.keys(buildDecision(p2p, allowed).subject)).toEqual([
      'transactionId',
      'paymentStatus',
    ]);
    expect(buildDecision(login({ ip: '192.0.2.1' }), allowed).subject).toEqual({
      ip: '192.0.2.1',
    });
  });
});
