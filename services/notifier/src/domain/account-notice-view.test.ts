import { describe, expect, it } from 'vitest';
import { toAccountNoticeView } from './account-notice-view.ts';
import type { NotificationRecord } from './notification.ts';

const notice: NotificationRecord = {
  id: '5b1c8f0e-0000-4000-8000-000000000001',
  decisionId: 'dec-1',
  kind: 'verification_request',
  accountId: 'acc-1',
  status: 'sent',
  facts: { occurredAt: '2026-12-01T00:00:00.000Z', deviceId: 'dev-secret', ip: '203.0.113.7' },
  incidentId: 'inc-1',
  activities: [{ occurredAt: '2026-12-01T00:01:00.000Z', ip: '198.51.100.9' }],
  activityCount: 2,
  decision: null,
  decidedAt: new Date('2026-12-01T00:00:01.000Z'),
  channel: 'email',
  locale: 'zh-CN',
  attempts: 2,
  nextAttemptAt: new Date('2026-12-01T00:00:02.000Z'),
  lastError: '550 5.1.1 <taro@example.jp>: user unknown',
  createdAt: new Date('2026-12-01T00:00:01.500Z'),
  updatedAt: new Date('2026-12-01T00:00:05.000Z'),
  sentAt: new Date('2026-12-01T00:00:05.000Z'),
};

describe('toAccountNoticeView', () => {
  it('tells what was sent, how and when, with the answer; never facts, addresses or errors', () => {
    const view = toAccountNoticeView({
      notice,
      answer: { answer: 'no', answeredAt: new Date('2026-12-01T00:03:00.000Z') },
    });
    expect(view).toEqual({
      id: notice.id,
      decisionId: 'dec-1',
      kind: 'verification_request',
      channel: 'email',
      locale: 'zh-CN',
      status: 'sent',
      incidentId: 'inc-1',
      activityCount: 2,
      createdAt: '2026-12-01T00:00:01.500Z',
      sentAt: '2026-12-01T00:00:05.000Z',
      answer: { answer: 'no', answeredAt: '2026-12-01T00:03:00.000Z' },
    });
    const text = JSON.stringify(view);
    for (const leak of ['taro@example.jp', '203.0.113.7', '198.51.100.9', 'dev-secret'])
      expect(text).not.toContain(leak);
  });

  it('says null for an unanswered or unsent notice', () => {
    expect(
      toAccountNoticeView({ notice: { ...notice, sentAt: null }, answer: undefined }),
    ).toMatchObject({ sentAt: null, answer: null });
  });
});
