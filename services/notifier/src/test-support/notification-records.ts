import type { NotificationRecord } from '../domain/notification.ts';
import { makeDecision } from './decisions.ts';

/** A stored verification request as the outbox would return it; override what the test is about. */
export function makeRecord(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  const decision = makeDecision();
  const created = new Date('2026-11-24T07:00:00.000Z');
  return {
    id: '0b6f3f2e-8d7c-4d2a-9a51-3b1c2d4e5f60',
    decisionId: decision.decisionId,
    kind: 'verification_request',
    accountId: decision.accountId,
    status: 'pending',
    facts: {
      occurredAt: decision.occurredAt,
      deviceId: decision.subject.deviceId,
      ip: '203.0.113.7',
    },
    incidentId: null,
    activities: [],
    activityCount: 1,
    decision,
    decidedAt: new Date(decision.decidedAt),
    channel: null,
    locale: null,
    attempts: 0,
    nextAttemptAt: created,
    lastError: null,
    createdAt: created,
    updatedAt: created,
    sentAt: null,
    ...overrides,
  };
}
