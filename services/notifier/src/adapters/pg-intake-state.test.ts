import { describe, expect, it } from 'vitest';
import type { NotificationIntent } from '../domain/notification.ts';
import { IntakeState, type LoadedIntakeState } from './pg-intake-state.ts';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const HOUR = 3_600_000;

function loaded(overrides: Partial<LoadedIntakeState> = {}): LoadedIntakeState {
  return {
    now_ms: NOW,
    recorded: [['dec-old', 'verification_request']],
    accepted: { 'acc-1': 2 },
    incidents: [
      {
        id: 'inc-1',
        account_id: 'acc-1',
        locked: false,
        last_activity_ms: NOW - 60_000,
        notices: [
          { id: 'vr-held', kind: 'verification_request' },
          { id: 'lock-sent', kind: 'lock_notice' },
        ],
      },
    ],
    // Created two hours ago: inside a day's window, outside an hour's.
    held: [
      {
        id: 'vr-held',
        status: 'pending',
        listed: 3,
        created_ms: NOW - 2 * HOUR,
      },
      { id: 'lock-sent', status: 'sent', listed: 0, created_ms: NOW - HOUR },
    ],
    ...overrides,
  };
}

const scope = {
  accountIds: ['acc-1', 'acc-2'],
  causes: [
    { causeId: 'dec-old', kind: 'verification_request' as const },
    { causeId: 'dec-new', kind: 'verification_request' as const },
  ],
  rateWindowMs: 24 * HOUR,
};

const intent = (decisionId: string, accountId = 'acc-2'): NotificationIntent => ({
  decisionId,
  kind: 'verification_request',
  accountId,
  decidedAt: new Date(NOW).toISOString(),
  facts: { occurredAt: new Date(NOW).toISOString() },
});

describe('IntakeState', () => {
  it('knows the causes it was asked about, and says so for no other', () => {
    const state = new IntakeState(loaded(), scope);
    expect(state.causeRecorded('dec-old', 'verification_request')).toBe(true);
    expect(state.causeRecorded('dec-new', 'verification_request')).toBe(false);
    expect(state.causeRecorded('dec-other', 'verification_request')).toBeUndefined();
    state.recordCause('acc-2', {
      causeId: 'dec-new',
      kind: 'verification_request',
      incidentId: undefined,
      notificationId: undefined,
      outcome: 'superseded',
      causedAt: new Date(NOW),
    });
    expect(state.causeRecorded('dec-new', 'verification_request')).toBe(true);
  });

  it('lists activities in a held notice up to the cap and counts every one', () => {
    const state = new IntakeState(loaded(), scope);
    const facts = { occurredAt: new Date(NOW).toISOString() };
    expect(state.addActivity('vr-held', facts, 5)).toBe('unsent');
    expect(state.addActivity('vr-held', facts, 5)).toBe('unsent');
    // Sent before the batch: covered by what the customer was told.
    expect(state.addActivity('lock-sent', facts, 5)).toBe('sent');
    expect(state.withdrawNotice('lock-sent', 'no')).toBe(false);
    // Neither held nor created by the batch: the database answers.
    expect(state.addActivity('elsewhere', facts, 5)).toBeUndefined();
    const [held] = state.changes().touchedNotices;
    expect(held).toMatchObject({ id: 'vr-held', added: 2, listed: 4, appended: [facts] });
  });

  it('counts a withdrawn held notice out of the windows it was created in, and new notices in', () => {
    const state = new IntakeState(loaded(), scope);
    expect(state.acceptedSince('acc-1', 24 * HOUR)).toBe(2);
    expect(state.withdrawNotice('vr-held', 'superseded by lock notice x')).toBe(true);
    expect(state.withdrawNotice('vr-held', 'again')).toBe(false);
    expect(state.addActivity('vr-held', { occurredAt: 'x' }, 5)).toBe('sent');
    expect(state.acceptedSince('acc-1', 24 * HOUR)).toBe(1);
    // Another window: the caller brings the database's count (which still has the notice pending).
    expect(state.acceptedSince('acc-1', HOUR)).toBeUndefined();
    expect(state.acceptedSince('acc-1', HOUR, 1)).toBe(1);
    expect(state.acceptedSince('acc-1', 3 * HOUR, 2)).toBe(1);
    state.createNotice('acc-1', {
      intent: intent('dec-a', 'acc-1'),
      incidentId: 'inc-1',
      status: 'pending',
      lastError: null,
      sendAfterMs: 0,
    });
    state.createNotice('acc-1', {
      intent: { ...intent('dec-b', 'acc-1'), kind: 'lock_notice' },
      incidentId: 'inc-1',
      status: 'suppressed',
      lastError: 'rate limit',
      sendAfterMs: 0,
    });
    expect(state.acceptedSince('acc-1', 24 * HOUR)).toBe(2);
    // A withdrawal the database made: the loaded count no longer holds.
    state.withdrawnInDatabase('acc-1');
    expect(state.acceptedSince('acc-1', 24 * HOUR)).toBeUndefined();
  });

  it('closes an incident as UPDATE_INCIDENT would, once, and opens the next', () => {
    const state = new IntakeState(loaded(), scope);
    expect(state.updateIncident('inc-1', { activityAt: new Date(NOW - HOUR) })).toEqual({
      locked: false,
      closed: false,
    });
    expect(state.openIncident('acc-1')?.lastActivityAt).toEqual(new Date(NOW - 60_000));
    expect(state.changes().changedIncidents).toHaveLength(0);
    expect(state.updateIncident('inc-1', { lock: true, close: 'window' })).toEqual({
      locked: true,
      closed: true,
    });
    expect(state.updateIncident('inc-1', { close: 'access_restored' })).toEqual({
      locked: false,
      closed: false,
    });
    expect(state.openIncident('acc-1')).toBeUndefined();
    expect(state.stillOpen('inc-1')).toBe(false);
    expect(state.updateIncident('inc-unknown', { lock: true })).toBeUndefined();
    const next = state.createIncident('acc-1', new Date(NOW));
    expect(state.openIncident('acc-1')).toMatchObject({ id: next, locked: false, notices: {} });
    const { changedIncidents, newIncidents } = state.changes();
    expect(changedIncidents.map((i) => [i.id, i.closedBy, i.locked])).toEqual([
      ['inc-1', 'window', true],
    ]);
    expect(newIncidents.map((i) => i.id)).toEqual([next]);
  });

  it('finds the open incident of a notice it created, and none once that incident closed', () => {
    const state = new IntakeState(loaded(), scope);
    const incident = state.createIncident('acc-2', new Date(NOW));
    state.createNotice('acc-2', {
      intent: intent('dec-c'),
      incidentId: incident,
      status: 'pending',
      lastError: null,
      sendAfterMs: 0,
    });
    expect(state.incidentOfNew('dec-c', 'verification_request')).toEqual({ id: incident });
    expect(state.incidentOfNew('dec-d', 'verification_request')).toBeUndefined();
    state.updateIncident(incident, { close: 'customer_confirmed' });
    expect(state.incidentOfNew('dec-c', 'verification_request')).toEqual({ id: undefined });
  });
});
