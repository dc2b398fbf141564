import { riskDecision } from '@vigil/events';
import { describe, expect, it } from 'vitest';
import { loadCasesPackage } from './index.ts';
import { raiseCaseRequestFromDecision } from './raise-case-request.ts';

const decision = riskDecision.parse({
  schemaVersion: 1,
  decisionId: 'dec-1',
  eventId: 'evt-1',
  eventType: 'transaction',
  accountId: 'acct-1',
  occurredAt: '2026-11-24T07:00:00.000Z',
  decidedAt: '2026-11-24T07:00:00.040Z',
  score: 93.5,
  outcome: 'block',
  reasons: [
    { rule: 'velocity.card', score: 40, message: '6 in 10 min', observed: 6, threshold: 5 },
    { rule: 'geo.mismatch', score: 30, message: 'card JP, ip US', observed: 'US' },
  ],
  shadowReasons: [],
  ruleSetVersion: '2026-11-24.1',
  subject: { transactionId: 'tx-1', deviceId: 'dev-1' },
});

describe('raiseCaseRequestFromDecision', () => {
  it('carries every decision field the case service files, and survives the wire', () => {
    const request = raiseCaseRequestFromDecision(decision);
    const { RaiseCase } = loadCasesPackage().vigil.cases.v1.CaseService.service;
    const decoded = RaiseCase.requestDeserialize(RaiseCase.requestSerialize(request));
    expect(decoded).toMatchObject({
      decisionId: 'dec-1',
      eventId: 'evt-1',
      eventType: 'transaction',
      accountId: 'acct-1',
      score: 93.5,
      outcome: 'DECISION_OUTCOME_BLOCK',
      occurredAt: '2026-11-24T07:00:00.000Z',
      decidedAt: '2026-11-24T07:00:00.040Z',
      subject: { transactionId: 'tx-1', deviceId: 'dev-1' },
    });
    expect(decoded.reasons).toEqual([
      expect.objectContaining({ rule: 'velocity.card', score: 40, observed: '6', threshold: '5' }),
      expect.objectContaining({ rule: 'geo.mismatch', observed: 'US' }),
    ]);
  });
});
