import { describe, expect, it } from 'vitest';
import {
  firstSendDelayMs,
  incidentChangeForAnswer,
  planIncidentStep,
  type OpenIncident,
} from './incident-policy.ts';

const policy = { windowMs: 30 * 60_000, gatherMs: 20_000 };
const t0 = new Date('2026-11-24T07:00:00.000Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const incident = (overrides: Partial<OpenIncident> = {}): OpenIncident => ({
  id: 'inc-1',
  lastActivityAt: t0,
  locked: false,
  notices: {},
  ...overrides,
});

describe('planIncidentStep', () => {
  it('opens an incident with its own notice when none is open', () => {
    expect(planIncidentStep('verification_request', t0, undefined, policy)).toEqual({
      expire: undefined,
      incident: { action: 'open' },
      notice: { action: 'create' },
      withdraw: undefined,
      lock: false,
      close: false,
    });
    expect(planIncidentStep('lock_notice', t0, undefined, policy)).toMatchObject({
      incident: { action: 'open' },
      lock: true,
    });
  });

  it('coalesces a second challenge into the incident\'s "was this you?"', () => {
    const open = incident({ notices: { verification_request: 'n-1' } });
    expect(planIncidentStep('verification_request', later(12), open, policy)).toMatchObject({
      incident: { action: 'join', id: 'inc-1' },
      notice: { action: 'coalesce', noticeId: 'n-1' },
    });
  });

  it('measures the window from the last activity, so a steady run stays one incident', () => {
    const open = incident({ lastActivityAt: later(25), notices: { lock_notice: 'n-1' } });
    expect(planIncidentStep('lock_notice', later(54), open, policy).incident).toEqual({
      action: 'join',
      id: 'inc-1',
    });
    // A follow-up decided for an earlier event is inside it too.
    expect(planIncidentStep('lock_notice', later(-5), open, policy).incident).toEqual({
      action: 'join',
      id: 'inc-1',
    });
  });

  it('expires an incident whose window has passed and opens the next', () => {
    const open = incident({ notices: { verification_request: 'n-1' } });
    expect(planIncidentStep('verification_request', later(30), open, policy)).toMatchObject({
      expire: 'inc-1',
      incident: { action: 'open' },
      notice: { action: 'create' },
    });
  });

  it('gives the first block a lock notice that replaces the unsent "was this you?"', () => {
    const open = incident({ notices: { verification_request: 'n-1' } });
    expect(planIncidentStep('lock_notice', later(1), open, policy)).toMatchObject({
      notice: { action: 'create' },
      withdraw: 'n-1',
      lock: true,
    });
  });

  it('asks no "was this you?" once the incident is locked, by a lock notice or a "not me"', () => {
    const byNotice = incident({ notices: { lock_notice: 'n-2' } });
    const byAnswer = incident({ locked: true, notices: { verification_request: 'n-1' } });
    expect(planIncidentStep('verification_request', later(13), byNotice, policy).notice).toEqual({
      action: 'supersede',
    });
    expect(planIncidentStep('verification_request', later(13), byAnswer, policy).notice).toEqual({
      action: 'supersede',
    });
  });

  it('closes the incident with "access restored", or restores alone when none is open', () => {
    const open = incident({ locked: true, notices: { lock_notice: 'n-2' } });
    expect(planIncidentStep('access_restored', later(20), open, policy)).toMatchObject({
      incident: { action: 'join', id: 'inc-1' },
      notice: { action: 'create' },
      close: true,
    });
    expect(planIncidentStep('access_restored', later(20), undefined, policy)).toMatchObject({
      incident: { action: 'none' },
      notice: { action: 'create' },
      close: false,
    });
  });
});

describe('incident timing and answers', () => {
  it('holds verification requests and lock notices to gather a burst, never "access restored"', () => {
    expect(firstSendDelayMs('verification_request', policy)).toBe(20_000);
    expect(firstSendDelayMs('lock_notice', policy)).toBe(20_000);
    expect(firstSendDelayMs('access_restored', policy)).toBe(0);
  });

  it('closes on "yes, it was me" and locks on "not me"', () => {
    expect(incidentChangeForAnswer('legit')).toBe('close');
    expect(incidentChangeForAnswer('fraud')).toBe('lock');
  });
});
