import { randomUUID } from 'node:crypto';
import type { RiskDecision } from '@vigil/events';
import type { NotifierDecision } from '../domain/decision-context.ts';

/** A valid risk.decisions.v1 value with a fresh decision id; override what the test is about. */
export function makeDecision(overrides: Partial<NotifierDecision> = {}): NotifierDecision {
  const id = randomUUID();
  const decision: RiskDecision = {
    schemaVersion: 1,
    decisionId: `dec-${id}`,
    eventId: `evt-${id}`,
    eventType: 'transaction',
    accountId: `acc-${id.slice(0, 8)}`,
    occurredAt: new Date(Date.now() - 1_000).toISOString(),
    decidedAt: new Date().toISOString(),
    score: 72,
    outcome: 'challenge',
    reasons: [{ rule: 'new_device_high_amount', score: 40, message: 'new device and amount above usual', observed: 48000, threshold: 20000 }],
    shadowReasons: [],
    ruleSetVersion: '2026-11-24.1',
    subject: { transactionId: `tx-${id}`, deviceId: `dev-${id.slice(0, 8)}`, ip: '203.0.113.7' },
  };
  return { ...decision, context: { amount: { minor: 48000, currency: 'JPY' }, merchantName: 'Acme Electronics', geo: { country: 'JP', city: 'Osaka' } }, ...overrides };
}
