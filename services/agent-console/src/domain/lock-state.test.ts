import { describe, expect, it } from 'vitest';
import type { AlertView, AuditView } from './console-model.ts';
import { lockState } from './lock-state.ts';

const alert = (outcome: AlertView['outcome'], decidedAt: string): AlertView => ({
  alertId: `al-${decidedAt}`,
  decisionId: 'd',
  eventType: 'transaction',
  score: 90,
  outcome,
  severity: 'critical',
  reasons: [],
  subject: { transactionId: null, deviceId: null, ip: null },
  occurredAt: decidedAt,
  decidedAt,
});
const audit = (action: string, at: string, after: Record<string, unknown> = {}): AuditView => ({
  auditId: `au-${at}`,
  actor: 'agent-ann',
  actorRole: 'agent',
  action,
  before: {},
  after,
  at,
});

describe('lockState', () => {
  it('is unknown when nothing in the case locked or unlocked the account', () => {
    expect(lockState([alert('review', '2026-12-01T01:00:00Z')], [])).toEqual({ state: 'unknown' });
  });

  it('is locked by the risk engine after a block decision', () => {
    expect(lockState([alert('block', '2026-12-01T01:00:00Z')], [])).toEqual({
      state: 'locked',
      since: '2026-12-01T01:00:00Z',
      by: 'risk-engine',
    });
  });

  it('follows the latest of block, lock, unlock and a false-positive resolution', () => {
    const alerts = [alert('block', '2026-12-01T01:00:00Z')];
    expect(lockState(alerts, [audit('account_unlocked', '2026-12-01T02:00:00Z')]).state).toBe(
      'unlocked',
    );
    expect(
      lockState(alerts, [
        audit('account_unlocked', '2026-12-01T02:00:00Z'),
        audit('account_locked', '2026-12-01T03:00:00Z'),
      ]),
    ).toMatchObject({ state: 'locked', by: 'agent-ann' });
    expect(
      lockState(alerts, [
        audit('resolved', '2026-12-01T04:00:00Z', { disposition: 'false_positive' }),
      ]).state,
    ).toBe('unlocked');
    expect(
      lockState(alerts, [
        audit('resolved', '2026-12-01T04:00:00Z', { disposition: 'confirmed_fraud' }),
      ]).state,
    ).toBe('locked');
  });
});
