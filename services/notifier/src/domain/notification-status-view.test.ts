import { describe, expect, it } from 'vitest';
import { makeRecord } from '../test-support/notification-records.ts';
import { toStatusView } from './notification-status-view.ts';

describe('toStatusView', () => {
  it('shows delivery state and never the facts or the decision', () => {
    const sentAt = new Date('2026-11-24T07:00:05.000Z');
    const view = toStatusView(
      makeRecord({
        status: 'sent',
        channel: 'email',
        locale: 'ja',
        attempts: 2,
        sentAt,
        incidentId: 'inc-1',
        activities: [{ occurredAt: '2026-11-24T06:59:00.000Z', ip: '198.51.100.4' }],
        activityCount: 3,
      }),
    );
    expect(view).toMatchObject({
      incidentId: 'inc-1',
      activityCount: 3,
      status: 'sent',
      channel: 'email',
      locale: 'ja',
      attempts: 2,
      nextAttemptAt: null,
      createdAt: '2026-11-24T07:00:00.000Z',
      sentAt: '2026-11-24T07:00:05.000Z',
    });
    expect(Object.keys(view)).not.toContain('facts');
    expect(Object.keys(view)).not.toContain('decision');
    expect(Object.keys(view)).not.toContain('activities');
    expect(JSON.stringify(view)).not.toContain('203.0.113.7');
    expect(JSON.stringify(view)).not.toContain('198.51.100.4');
  });

  it('gives the next attempt time only while the notice waits for it', () => {
    const nextAttemptAt = new Date('2026-11-24T07:10:00.000Z');
    expect(toStatusView(makeRecord({ status: 'pending', nextAttemptAt })).nextAttemptAt).toBe(
      '2026-11-24T07:10:00.000Z',
    );
    expect(toStatusView(makeRecord({ status: 'dead', nextAttemptAt })).nextAttemptAt).toBeNull();
    expect(toStatusView(makeRecord({ status: 'pending' })).sentAt).toBeNull();
  });
});
