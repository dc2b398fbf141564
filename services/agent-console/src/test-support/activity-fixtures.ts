import type { LedgerActivity, NoticeView } from '../domain/activity-model.ts';

/**
 * An account's activity as case-service and the notifier would tell it: a challenged payment the
 * customer confirmed, then a blocked login with a lock notice, and a row from before the ledger
 * kept reasons in words.
 */
export function sampleLedger(over: Partial<LedgerActivity> = {}): LedgerActivity {
  return {
    decisions: [
      {
        decisionId: 'dec-block',
        eventId: 'evt-block',
        eventType: 'login',
        score: 96,
        outcome: 'block',
        reasons: [{ rule: 'deny-device', message: 'device is on the deny list' }],
        rules: ['deny-device'],
        shadowRules: [],
        transactionId: null,
        decidedAt: '2026-12-01T07:30:00.000Z',
      },
      {
        decisionId: 'dec-challenge',
        eventId: 'evt-challenge',
        eventType: 'transaction',
        score: 48,
        outcome: 'challenge',
        reasons: [{ rule: 'amount-1h', message: 'JPY 90,000 in 1h over 50,000' }],
        rules: ['amount-1h'],
        shadowRules: ['new-merchant-high-amount'],
        transactionId: 'tx-1',
        decidedAt: '2026-12-01T07:00:00.000Z',
      },
      {
        decisionId: 'dec-old',
        eventId: 'evt-old',
        eventType: null,
        score: null,
        outcome: 'review',
        reasons: [],
        rules: ['velocity-card'],
        shadowRules: [],
        transactionId: null,
        decidedAt: '2026-11-20T07:00:00.000Z',
      },
    ],
    answers: [
      { decisionId: 'dec-challenge', verdict: 'legit', answeredAt: '2026-12-01T07:05:00.000Z' },
    ],
    disputes: [
      {
        disputeId: 'dsp-1',
        status: 'opened',
        transactionId: 'tx-1',
        reasonFamily: 'fraud',
        amountMinor: '90000',
        currency: 'JPY',
        occurredAt: '2026-12-01T07:40:00.000Z',
      },
    ],
    onlyFlaggedDecisions: true,
    retentionDays: 120,
    ...over,
  };
}

export function sampleNotices(): NoticeView[] {
  return [
    {
      id: 'n-lock',
      decisionId: 'dec-block',
      kind: 'lock_notice',
      channel: 'email',
      locale: 'ja',
      status: 'sent',
      incidentId: 'inc-1',
      activityCount: 1,
      createdAt: '2026-12-01T07:30:01.000Z',
      sentAt: '2026-12-01T07:30:31.000Z',
      answer: null,
    },
    {
      id: 'n-verify',
      decisionId: 'dec-challenge',
      kind: 'verification_request',
      channel: 'sms',
      locale: 'ja',
      status: 'sent',
      incidentId: 'inc-0',
      activityCount: 2,
      createdAt: '2026-12-01T07:00:01.000Z',
      sentAt: '2026-12-01T07:00:31.000Z',
      answer: { answer: 'yes', answeredAt: '2026-12-01T07:05:00.000Z' },
    },
  ];
}
