import { describe, expect, it } from 'vitest';
import type { RiskFeedback } from '@vigil/events';
import { notifierDecision, type NotifierDecision } from './decision-context.ts';
import { planFromDecision, planFromFeedback, planNotice } from './plan-notification.ts';
import { renderNotification } from './templates/render-notification.ts';

function decision(overrides: Partial<NotifierDecision> = {}): NotifierDecision {
  return {
    schemaVersion: 1,
    decisionId: 'dec-1',
    eventId: 'evt-1',
    eventType: 'transaction',
    accountId: 'acc-1',
    occurredAt: '2026-11-24T07:00:00.000Z',
    decidedAt: '2026-11-24T07:00:00.050Z',
    score: 70,
    outcome: 'challenge',
    reasons: [],
    shadowReasons: [],
    ruleSetVersion: 'v1',
    subject: { deviceId: 'dev-1', ip: '203.0.113.9' },
    ...overrides,
  };
}

describe('planFromDecision', () => {
  it('asks "was this you?" on challenge and sends a lock notice on block', () => {
    expect(planFromDecision(decision())).toMatchObject({
      decisionId: 'dec-1',
      kind: 'verification_request',
      accountId: 'acc-1',
      decidedAt: '2026-11-24T07:00:00.050Z',
      facts: { deviceId: 'dev-1', ip: '203.0.113.9', eventType: 'transaction' },
    });
    expect(planFromDecision(decision({ outcome: 'block' }))?.kind).toBe('lock_notice');
  });

  it('tells the customer nothing on allow or review', () => {
    expect(planFromDecision(decision({ outcome: 'allow' }))).toBeUndefined();
    expect(planFromDecision(decision({ outcome: 'review' }))).toBeUndefined();
  });

  it('reads the optional context and ignores a malformed one instead of rejecting the decision', () => {
    const withContext = notifierDecision.parse({
      ...decision(),
      context: {
        amount: { minor: 500, currency: 'USD' },
        merchantName: 'Acme',
        geo: { country: 'US', city: 'Austin' },
      },
    });
    expect(planFromDecision(withContext)?.facts).toMatchObject({
      amount: { minor: 500, currency: 'USD' },
      merchantName: 'Acme',
      city: 'Austin',
      country: 'US',
    });
    const malformed = notifierDecision.parse({
      ...decision(),
      context: { amount: { minor: 1.5, currency: 'usd' } },
    });
    expect(malformed.context).toBeUndefined();
    expect(planFromDecision(malformed)?.kind).toBe('verification_request');
  });
});

describe('planFromDecision: follow-ups', () => {
  it('asks about the activity a retro-hunt follow-up names, with its amount, time and place', () => {
    // A payment to a beneficiary found collecting for a mule ring an hour later.
    const followUp = notifierDecision.parse({
      ...decision({ decisionId: 'dec-fu', eventId: 'fu-retro-1', score: 45 }),
      occurredAt: '2026-12-05T09:12:00.000Z',
      decidedAt: '2026-12-05T10:02:00.000Z',
      subject: {},
      context: { amount: { minor: 48_010, currency: 'EUR' }, geo: { country: 'IE', city: 'Cork' } },
      followUp: {
        kind: 'retro_hunt',
        eventId: 'pay-77',
        triggerRule: 'accounts-per-beneficiary-1h',
        entity: { type: 'beneficiary', value: 'ben-collector' },
        triggeredAt: '2026-12-05T10:01:00.000Z',
      },
    });
    const intent = planFromDecision(followUp)!;
    expect(intent.kind).toBe('verification_request');
    const message = renderNotification(
      intent.kind,
      intent.facts,
      { locale: 'en-IE', timeZone: 'Europe/Dublin' },
      { url: 'https://verify.example/verify?t=a.b', expiresAt: '2026-12-06T10:02:00.000Z' },
    );
    expect(message.text).toContain('What: A transaction of €480.10');
    expect(message.text).toContain('Where: Cork, Ireland');
    expect(message.text).toMatch(/When: .*9:12/);
    // The beneficiary is the attacker's, not something the customer needs to see.
    expect(message.text).not.toContain('ben-collector');
  });
});

describe('planFromFeedback', () => {
  const feedback: RiskFeedback = {
    schemaVersion: 1,
    feedbackId: 'fb-1',
    accountId: 'acc-1',
    source: 'case_resolution',
    verdict: 'legit',
    decisionId: 'dec-1',
    occurredAt: '2026-11-24T09:00:00.000Z',
  };

  it('turns a false-positive case resolution into "access restored" keyed by its decision', () => {
    expect(planFromFeedback(feedback)).toMatchObject({
      decisionId: 'dec-1',
      kind: 'access_restored',
      accountId: 'acc-1',
    });
    expect(planFromFeedback({ ...feedback, decisionId: undefined })?.decisionId).toBe(
      'feedback:fb-1',
    );
  });

  it('ignores fraud verdicts and the customer answers we emitted ourselves', () => {
    expect(planFromFeedback({ ...feedback, verdict: 'fraud' })).toBeUndefined();
    expect(planFromFeedback({ ...feedback, source: 'customer_verification' })).toBeUndefined();
  });
});

describe('planNotice', () => {
  it('plans a decision by its outcome and feedback by its source', () => {
    expect(planNotice({ source: 'decision', decision: decision({ outcome: 'block' }) })?.kind).toBe(
      'lock_notice',
    );
    expect(
      planNotice({ source: 'decision', decision: decision({ outcome: 'allow' }) }),
    ).toBeUndefined();
    const resolution: RiskFeedback = {
      schemaVersion: 1,
      feedbackId: 'fb-2',
      accountId: 'acc-1',
      source: 'case_resolution',
      verdict: 'legit',
      occurredAt: '2026-11-24T09:00:00.000Z',
    };
    expect(planNotice({ source: 'feedback', feedback: resolution })).toMatchObject({
      decisionId: 'feedback:fb-2',
      kind: 'access_restored',
    });
  });
});
