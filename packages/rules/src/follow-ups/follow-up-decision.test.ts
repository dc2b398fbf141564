import { riskDecision, type ScoredEvent } from '@vigil/events';
import type { Evaluation } from '../evaluate.ts';
import { describe, expect, it } from 'vitest';
import type { EntityUseRecord } from './event-memory.ts';
import {
  followUpEventId,
  lateEventFollowUp,
  retroHuntFollowUp,
  type RetroPolicy,
  type RetroTrigger,
} from './follow-up-decision.ts';

const withdrawal: ScoredEvent = {
  kind: 'transaction',
  event: {
    schemaVersion: 1,
    eventId: 'evt-withdrawal',
    occurredAt: '2026-11-24T07:10:00.000Z',
    accountId: 'acct-1',
    transactionId: 'tx-9',
    type: 'withdrawal',
    status: 'approved',
    amount: { minor: 900_000, currency: 'JPY' },
    channel: 'app',
    device: { id: 'dev-new' },
  },
};
const phoneChange: ScoredEvent = {
  kind: 'account_change',
  event: {
    schemaVersion: 1,
    eventId: 'evt-phone',
    occurredAt: '2026-11-24T07:00:00.000Z',
    accountId: 'acct-1',
    change: 'phone_changed',
  },
};
const blocked: Evaluation = {
  score: 90,
  outcome: 'block',
  reasons: [
    {
      rule: 'ato-cash-out',
      score: 90,
      message: '900000 JPY 0.2h after a sensitive account change',
    },
  ],
  shadowReasons: [],
  ruleSetVersion: 'v1',
  forcedBy: ['ato-cash-out'],
  temporaryLocks: [],
  evaluatedAt: Date.parse('2026-11-24T07:30:00.000Z'),
};

describe('lateEventFollowUp', () => {
  it('decides the revisited event anew under an id of its own that points back at the original', () => {
    const decision = lateEventFollowUp({
      revisited: withdrawal,
      evaluation: blocked,
      previousDecisionId: 'dec-evt-withdrawal',
      trigger: phoneChange,
    });
    expect(riskDecision.parse(decision)).toEqual(decision);
    expect(decision).toMatchObject({
      eventType: 'transaction',
      accountId: 'acct-1',
      occurredAt: '2026-11-24T07:10:00.000Z',
      outcome: 'block',
      followUp: {
        kind: 'late_event',
        eventId: 'evt-withdrawal',
        decisionId: 'dec-evt-withdrawal',
        triggerEventId: 'evt-phone',
      },
    });
    expect(decision.eventId).not.toBe('evt-withdrawal');
    expect(decision.decisionId).toBe(`dec-${decision.eventId}`);
  });

  it('derives the same ids on a retry and different ones for another trigger', () => {
    const input = {
      revisited: withdrawal,
      evaluation: blocked,
      previousDecisionId: 'd',
      trigger: phoneChange,
    };
    expect(lateEventFollowUp(input).decisionId).toBe(lateEventFollowUp(input).decisionId);
    const other = {
      ...phoneChange,
      event: { ...phoneChange.event, eventId: 'evt-email' },
    } as ScoredEvent;
    expect(lateEventFollowUp({ ...input, trigger: other }).eventId).not.toBe(
      lateEventFollowUp(input).eventId,
    );
  });
});

describe('retroHuntFollowUp', () => {
  const trigger: RetroTrigger = {
    rule: 'credential-stuffing-ip',
    entity: { type: 'ip', value: '198.51.100.7' },
    at: Date.parse('2026-11-24T09:00:00.000Z'),
    finding: '31 failed logins across 17 accounts from one IP in 15m',
  };
  const policy: RetroPolicy = {
    touched: { outcome: 'challenge', score: 45 },
    signedIn: { outcome: 'review', score: 75 },
    ruleSetVersion: 'v1',
  };
  const touch = (kind: EntityUseRecord['kind'], accountId = 'acct-7'): EntityUseRecord => ({
    accountId,
    eventId: `evt-${accountId}-${kind}`,
    at: Date.parse('2026-11-24T08:41:00.000Z'),
    kind,
  });

  it('challenges an account that only failed to sign in from the IP, and says why', () => {
    const decision = retroHuntFollowUp(touch('login_failure'), trigger, policy, trigger.at + 5);
    expect(riskDecision.parse(decision)).toEqual(decision);
    expect(decision).toMatchObject({
      eventType: 'login',
      accountId: 'acct-7',
      outcome: 'challenge',
      score: 45,
      subject: { ip: '198.51.100.7' },
      followUp: {
        kind: 'retro_hunt',
        eventId: 'evt-acct-7-login_failure',
        triggerRule: 'credential-stuffing-ip',
      },
    });
    expect(decision.reasons[0]!.message).toContain(
      'had a failed sign-in from IP address 198.51.100.7',
    );
  });

  it('sends an account whose sign-in from it succeeded to review', () => {
    expect(retroHuntFollowUp(touch('login_success'), trigger, policy, 0)).toMatchObject({
      outcome: 'review',
      score: 75,
    });
  });

  it('is one decision per (account, entity, rule) whichever use of the entity it cites', () => {
    const a = retroHuntFollowUp(touch('login_failure'), trigger, policy, 0);
    const b = retroHuntFollowUp(
      { ...touch('login_failure'), eventId: 'evt-other' },
      trigger,
      policy,
      0,
    );
    expect(a.decisionId).toBe(b.decisionId);
    expect(
      retroHuntFollowUp(touch('login_failure', 'acct-8'), trigger, policy, 0).decisionId,
    ).not.toBe(a.decisionId);
    expect(followUpEventId('retro_hunt', ['x'])).toMatch(/^fu-retro-/);
  });
});
