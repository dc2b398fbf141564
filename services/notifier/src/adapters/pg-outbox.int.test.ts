import { describe, expect, it } from 'vitest';
import type { RateLimitPolicy } from '../domain/rate-limit.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { PgContactPreferences } from './pg-contact-preferences.ts';
import { outboxHarness, useOutboxInfra } from '../test-support/outbox-harness.ts';

const infra = useOutboxInfra();

function setup(options: { rateLimit?: RateLimitPolicy; maxAttempts?: number } = {}) {
  const { rateLimit, maxAttempts } = options;
  return outboxHarness(infra, { policies: rateLimit && { rateLimit }, maxAttempts });
}

describe('outbox + dispatcher on real PostgreSQL, SMTP and HTTP', () => {
  it('a challenge decision produces exactly one email even when processed twice', async () => {
    const { consume, drain } = setup();
    const decision = makeDecision();
    await infra.db.upsertPreferences({
      accountId: decision.accountId,
      locale: 'ja-JP',
      timeZone: 'Asia/Tokyo',
      email: 'taro@example.jp',
      channels: ['email'],
    });
    await consume([{ source: 'decision', decision }]);
    await consume([{ source: 'decision', decision }]); // the replay after a crash before the offset commit
    await drain();
    await drain();
    const mails = infra.smtp.messages.filter((mail) => mail.to.includes('taro@example.jp'));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('ご本人様によるご利用ですか？最近のご利用の確認');
    expect(mail?.text).toContain('Acme Electronics での ￥48,000 のお取引');
    expect(mail?.text).toMatch(/https:\/\/verify\.vigil\.test\/verify\?t=[\w-]+\.[\w-]+/);
    const row = await infra.db.statusOf(decision.decisionId, 'verification_request');
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(mail?.headers.get('message-id')).toBe(`<${row?.id}@vigil.test>`);
  });

  it('reads several customers’ contact preferences in one statement', async () => {
    const contacts = new PgContactPreferences(infra.db.pool);
    await infra.db.upsertPreferences({
      accountId: 'acct-many-1',
      email: 'one@example.com',
      channels: ['email'],
    });
    await infra.db.upsertPreferences({
      accountId: 'acct-many-2',
      phone: '+15550002',
      channels: ['sms'],
    });
    const lookup = await contacts.getMany(['acct-many-1', 'acct-many-2', 'acct-many-unknown']);
    expect(lookup('acct-many-1')).toMatchObject({ email: 'one@example.com', channels: ['email'] });
    expect(lookup('acct-many-2')).toEqual(await contacts.get('acct-many-2'));
    expect(lookup('acct-many-unknown')).toBeUndefined();
  });

  it('allow and review decisions create no notification at all', async () => {
    const { consume } = setup();
    const allow = makeDecision({ outcome: 'allow' });
    const review = makeDecision({ outcome: 'review' });
    await consume([
      { source: 'decision', decision: allow },
      { source: 'decision', decision: review },
    ]);
    expect(await infra.db.statusOf(allow.decisionId, 'verification_request')).toBeUndefined();
    const { rows } = await infra.db.pool.query(
      'SELECT 1 FROM notifications WHERE account_id = ANY($1)',
      [[allow.accountId, review.accountId]],
    );
    expect(rows).toHaveLength(0);
  });

  it('retries a provider 500 and then succeeds, with the same Idempotency-Key', async () => {
    const { consume, drain, metrics } = setup();
    const decision = makeDecision({ outcome: 'block' });
    await infra.db.upsertPreferences({
      accountId: decision.accountId,
      phone: '+819011112222',
      channels: ['sms', 'email'],
    });
    infra.sms.respondWith(500);
    await consume([{ source: 'decision', decision }]);
    await drain();
    const calls = infra.sms.requests.filter(
      (req) => (req.body as { to?: string }).to === '+819011112222',
    );
    expect(calls).toHaveLength(2);
    const row = await infra.db.statusOf(decision.decisionId, 'lock_notice');
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(calls.map((call) => call.headers['idempotency-key'])).toEqual([row?.id, row?.id]);
    expect((calls[1]?.body as { text: string }).text).toContain('Your account was locked');
    expect(await counterTotal(metrics.notifications, { channel: 'sms', status: 'failed' })).toBe(1);
    expect(await counterTotal(metrics.notifications, { channel: 'sms', status: 'sent' })).toBe(1);
  });

  it('marks a notice dead after N failed attempts and stops sending', async () => {
    const { consume, drain, metrics } = setup({ maxAttempts: 3 });
    const decision = makeDecision();
    await infra.db.upsertPreferences({
      accountId: decision.accountId,
      phone: '+819033334444',
      channels: ['sms'],
    });
    infra.sms.respondWith(503, 503, 429, 503, 503);
    await consume([{ source: 'decision', decision }]);
    await drain();
    expect(
      infra.sms.requests.filter((req) => (req.body as { to?: string }).to === '+819033334444'),
    ).toHaveLength(3);
    const row = await infra.db.statusOf(decision.decisionId, 'verification_request');
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(row?.last_error).toContain('CHANNEL_UNAVAILABLE');
    expect(await counterTotal(metrics.notifications, { status: 'dead' })).toBe(1);
    infra.sms.respondWith();
  });

  it('gives up at once when the provider rejects the message (4xx) or SMTP answers 5xx', async () => {
    const { consume, drain } = setup();
    const bySms = makeDecision();
    const byMail = makeDecision();
    await infra.db.upsertPreferences({
      accountId: bySms.accountId,
      phone: '+10000000000',
      channels: ['sms'],
    });
    await infra.db.upsertPreferences({
      accountId: byMail.accountId,
      email: 'bounce@example.com',
      channels: ['email'],
    });
    infra.sms.respondWith(400);
    infra.smtp.refuseNext(1, 550);
    await consume([{ source: 'decision', decision: bySms }]);
    await drain();
    await consume([{ source: 'decision', decision: byMail }]);
    await drain();
    expect(await infra.db.statusOf(bySms.decisionId, 'verification_request')).toMatchObject({
      status: 'dead',
      attempts: 1,
    });
    const mailRow = await infra.db.statusOf(byMail.decisionId, 'verification_request');
    expect(mailRow).toMatchObject({ status: 'dead', attempts: 1 });
    expect(mailRow?.last_error).toContain('CHANNEL_REJECTED');
    expect(mailRow?.last_error).toContain('***ce@example.com');
    expect(mailRow?.last_error).not.toContain('bounce@example.com');
  });

  it('retries a temporary SMTP refusal (451) and delivers', async () => {
    const { consume, drain } = setup();
    const decision = makeDecision();
    await infra.db.upsertPreferences({
      accountId: decision.accountId,
      email: 'later@example.com',
      channels: ['email'],
    });
    infra.smtp.refuseNext(1, 451);
    await consume([{ source: 'decision', decision }]);
    await drain();
    expect(await infra.db.statusOf(decision.decisionId, 'verification_request')).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(
      infra.smtp.messages.filter((mail) => mail.to.includes('later@example.com')),
    ).toHaveLength(1);
  });

  it('rate limit suppresses notices beyond N per window and records them', async () => {
    const { consume, drain, outbox, metrics } = setup({
      rateLimit: { maxPerWindow: 2, windowMs: 3_600_000, exemptKinds: [] },
    });
    // Hours apart: three incidents, three notices; the limit is what holds the third back.
    const first = makeDecision({ decidedAt: '2026-11-24T05:00:00.000Z' });
    const account = first.accountId;
    const decisions = [
      first,
      makeDecision({ accountId: account, decidedAt: '2026-11-24T06:00:00.000Z' }),
      makeDecision({ accountId: account, decidedAt: '2026-11-24T07:00:00.000Z' }),
    ];
    await infra.db.upsertPreferences({
      accountId: account,
      email: 'storm@example.com',
      channels: ['email'],
    });
    await consume(decisions.map((decision) => ({ source: 'decision' as const, decision })));
    await drain();
    expect(
      infra.smtp.messages.filter((mail) => mail.to.includes('storm@example.com')),
    ).toHaveLength(2);
    const listed = await outbox.listByAccount(account, 10);
    expect(listed.map((row) => row.status).sort()).toEqual(['sent', 'sent', 'suppressed']);
    expect(listed.find((row) => row.status === 'suppressed')?.lastError).toMatch(/rate limit/);
    expect(await counterTotal(metrics.notifications, { status: 'suppressed' })).toBe(1);
  });

  it('notices that ended dead (never delivered) do not use up the rate limit', async () => {
    const { consume, drain, outbox } = setup({
      rateLimit: { maxPerWindow: 1, windowMs: 3_600_000, exemptKinds: [] },
      maxAttempts: 1,
    });
    const first = makeDecision();
    const account = first.accountId;
    await infra.db.upsertPreferences({
      accountId: account,
      phone: '+819055556666',
      channels: ['sms'],
    });
    infra.sms.respondWith(503);
    await consume([{ source: 'decision', decision: first }]);
    await drain();
    expect(await infra.db.statusOf(first.decisionId, 'verification_request')).toMatchObject({
      status: 'dead',
    });
    infra.sms.respondWith();
    // A later incident (the first one's window has passed): its own notice.
    const second = makeDecision({
      accountId: account,
      decidedAt: new Date(Date.parse(first.decidedAt) + 3_600_000).toISOString(),
    });
    await consume([{ source: 'decision', decision: second }]);
    await drain();
    const listed = await outbox.listByAccount(account, 10);
    expect(listed.map((row) => row.status).sort()).toEqual(['dead', 'sent']);
    expect(
      infra.sms.requests.filter((req) => (req.body as { to?: string }).to === '+819055556666'),
    ).toHaveLength(2);
  });

  it('a notice the customer cannot be reached for ends dead with the reason, after retries', async () => {
    const { consume, drain } = setup({ maxAttempts: 2 });
    const decision = makeDecision();
    await consume([{ source: 'decision', decision }]);
    await drain();
    const row = await infra.db.statusOf(decision.decisionId, 'verification_request');
    expect(row).toMatchObject({ status: 'dead', attempts: 2 });
    expect(row?.last_error).toContain('NO_CONTACT');
  });

  it('a false-positive case resolution becomes one "access restored" notice', async () => {
    const { consume, drain } = setup();
    const decision = makeDecision({ outcome: 'block' });
    await infra.db.upsertPreferences({
      accountId: decision.accountId,
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      email: 'wang@example.cn',
      channels: ['email'],
    });
    const resolution = {
      schemaVersion: 1 as const,
      feedbackId: `case-resolution:${decision.decisionId}`,
      accountId: decision.accountId,
      source: 'case_resolution' as const,
      verdict: 'legit' as const,
      decisionId: decision.decisionId,
      occurredAt: new Date().toISOString(),
    };
    await consume(
      [
        { source: 'feedback', feedback: resolution },
        { source: 'feedback', feedback: resolution },
      ],
      'risk.feedback.v1',
    );
    await drain();
    const mails = infra.smtp.messages.filter((mail) => mail.to.includes('wang@example.cn'));
    expect(mails.map((mail) => mail.subject)).toEqual(['您的账户访问已恢复']);
  });
});
