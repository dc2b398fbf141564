import type { RiskDecision } from '@vigil/events';
import { describe, expect, it } from 'vitest';
import { ledgerEntry } from './decision-ledger.ts';

const decision = (overrides: Partial<RiskDecision> = {}): RiskDecision => ({
  schemaVersion: 1,
  decisionId: 'dec-1',
  eventId: 'evt-1',
  eventType: 'login',
  accountId: 'acct-1',
  occurredAt: '2026-12-01T00:00:00.000Z',
  decidedAt: '2026-12-01T00:00:01.000Z',
  score: 62,
  outcome: 'challenge',
  reasons: [
    { rule: 'new-device', score: 40, message: 'login from a new device', observed: 'dev-9' },
    { rule: 'geo-velocity', score: 22, message: 'JP then US within 1h' },
  ],
  shadowReasons: [{ rule: 'tor-exit', score: 30, message: 'IP is a Tor exit' }],
  ruleSetVersion: 'v1',
  subject: { deviceId: 'dev-9' },
  ...overrides,
});

describe('ledgerEntry', () => {
  it('keeps what the account timeline shows: event type, score and each reason in words', () => {
    expect(ledgerEntry(decision())).toEqual({
      decisionId: 'dec-1',
      eventId: 'evt-1',
      eventType: 'login',
      accountId: 'acct-1',
      transactionId: undefined,
      outcome: 'challenge',
      score: 62,
      reasons: [
        { rule: 'new-device', message: 'login from a new device' },
        { rule: 'geo-velocity', message: 'JP then US within 1h' },
      ],
      rules: ['new-device', 'geo-velocity'],
      shadowRules: ['tor-exit'],
      decidedAt: '2026-12-01T00:00:01.000Z',
    });
  });

  it('keeps nothing of a decision no rule fired on, not even in shadow mode', () => {
    expect(ledgerEntry(decision({ reasons: [], shadowReasons: [], outcome: 'allow' }))).toBe(
      undefined,
    );
  });

  it('keeps a shadow-only decision with no enforce reasons in words', () => {
    expect(ledgerEntry(decision({ reasons: [], outcome: 'allow' }))).toMatchObject({
      rules: [],
      reasons: [],
      shadowRules: ['tor-exit'],
    });
  });
});
