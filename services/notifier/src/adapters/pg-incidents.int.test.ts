import { describe, expect, it } from 'vitest';
import type { NotifierDecision } from '../domain/decision-context.ts';
import type { IntakeRecord } from '../domain/plan-notification.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { counterTotal } from '../test-support/metric-values.ts';
import { outboxHarness, useOutboxInfra } from '../test-support/outbox-harness.ts';

// Incidents on the real PostgreSQL, delivered through a real SMTP server and SMS webhook.

const infra = useOutboxInfra();

const incidents = { windowMs: 30 * 60_000, gatherMs: 0 };
const records = (decisions: NotifierDecision[]): IntakeRecord[] =>
  decisions.map((decision) => ({ source: 'decision', decision }));
const minutesAfter = (start: number, minutes: number) =>
  new Date(start + minutes * 60_000).toISOString();

async function causesOf(accountId: string) {
  const { rows } = await infra.db.pool.query<{ kind: string; outcome: string; n: number }>(
    `SELECT kind, outcome, count(*)::int AS n FROM notice_causes WHERE account_id = $1
      GROUP BY kind, outcome ORDER BY kind, outcome`,
    [accountId],
  );
  return rows;
}

describe('one notice per incident on PostgreSQL', () => {
  it('a burst of challenges and blocks sends one "was this you?" and one lock notice per account', async () => {
    const { consume, drain, metrics } = outboxHarness(infra, { policies: { incidents } });
    const start = Date.now() - 60 * 60_000;
    const [mailAccount, smsAccount] = [makeDecision().accountId, makeDecision().accountId];
    await infra.db.upsertPreferences({
      accountId: mailAccount,
      locale: 'ja-JP',
      timeZone: 'Asia/Tokyo',
      email: 'burst@example.jp',
      channels: ['email'],
    });
    await infra.db.upsertPreferences({
      accountId: smsAccount,
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      phone: '+8613800138000',
      channels: ['sms'],
    });
    const burst = (accountId: string, outcome: 'challenge' | 'block', minutes: number[]) =>
      minutes.map((minute) =>
        makeDecision({ accountId, outcome, decidedAt: minutesAfter(start, minute) }),
      );
    // Three challenges each, interleaved as two partitions' batches would arrive.
    const challenges = [0, 1, 2].flatMap((minute) => [
      ...burst(mailAccount, 'challenge', [minute]),
      ...burst(smsAccount, 'challenge', [minute]),
    ]);
    await consume(records(challenges.slice(0, 3)));
    await consume(records(challenges.slice(3)));
    await drain();
    // Then the attack escalates: blocks, and more challenges after the lock (13 minutes later).
    const escalation = [
      ...burst(mailAccount, 'block', [3, 4, 5]),
      ...burst(smsAccount, 'block', [3, 4, 5]),
      ...burst(mailAccount, 'challenge', [16]),
      ...burst(smsAccount, 'challenge', [16]),
    ];
    await consume(records(escalation));
    await consume(records([...challenges, ...escalation])); // a replay of everything
    await drain();

    const mails = infra.smtp.messages.filter((mail) => mail.to.includes('burst@example.jp'));
    expect(mails.map((mail) => mail.subject)).toEqual([
      'ご本人様によるご利用ですか？最近のご利用の確認',
      'お客様保護のためアカウントをロックしました',
    ]);
    expect(mails[0]?.text).toContain('対象のご利用（3 件）');
    expect(mails[1]?.text).toContain('対象のご利用（3 件）');
    const texts = infra.sms.requests
      .map((request) => request.body as { to: string; kind: string })
      .filter((body) => body.to === '+8613800138000');
    expect(texts.map((body) => body.kind)).toEqual(['verification_request', 'lock_notice']);

    for (const account of [mailAccount, smsAccount])
      expect(await causesOf(account)).toEqual([
        { kind: 'lock_notice', outcome: 'created', n: 1 },
        { kind: 'lock_notice', outcome: 'listed', n: 2 },
        { kind: 'verification_request', outcome: 'created', n: 1 },
        { kind: 'verification_request', outcome: 'listed', n: 2 },
        { kind: 'verification_request', outcome: 'superseded', n: 1 },
      ]);
    expect(await counterTotal(metrics.noticesCoalesced, { outcome: 'listed' })).toBe(8);
    expect(await counterTotal(metrics.noticesSuppressed, { reason: 'incident_locked' })).toBe(2);
    expect(await counterTotal(metrics.intake, { result: 'duplicate' })).toBe(14);
  });

  it('concurrent batches with the same records (a rebalance overlap) record each cause once', async () => {
    const { consume } = outboxHarness(infra, { policies: { incidents } });
    const accountId = makeDecision().accountId;
    const start = Date.now() - 60 * 60_000;
    const decisions = [0, 1, 2, 3, 4, 5].map((minute) =>
      makeDecision({
        accountId,
        outcome: minute < 3 ? 'challenge' : 'block',
        decidedAt: minutesAfter(start, minute),
      }),
    );
    await Promise.all([
      consume(records(decisions)),
      consume(records(decisions)),
      consume(records(decisions.slice(2))),
    ]);
    const { rows: notices } = await infra.db.pool.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM notifications WHERE account_id = $1 GROUP BY kind ORDER BY kind`,
      [accountId],
    );
    expect(notices).toEqual([
      { kind: 'lock_notice', n: 1 },
      { kind: 'verification_request', n: 1 },
    ]);
    const { rows: causes } = await infra.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notice_causes WHERE account_id = $1',
      [accountId],
    );
    expect(causes[0]?.n).toBe(6);
    const { rows: open } = await infra.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notice_incidents WHERE account_id = $1',
      [accountId],
    );
    expect(open[0]?.n).toBe(1);
  });

  it('a lock decided before the "was this you?" went out replaces it', async () => {
    const { consume, drain } = outboxHarness(infra, { policies: { incidents } });
    const start = Date.now() - 60 * 60_000;
    const challenge = makeDecision({ decidedAt: minutesAfter(start, 0) });
    const { accountId } = challenge;
    await infra.db.upsertPreferences({
      accountId,
      email: 'replaced@example.com',
      channels: ['email'],
    });
    const block = makeDecision({ accountId, outcome: 'block', decidedAt: minutesAfter(start, 1) });
    await consume(records([challenge, block]));
    await drain();
    expect(
      infra.smtp.messages
        .filter((mail) => mail.to.includes('replaced@example.com'))
        .map((m) => m.subject),
    ).toEqual(['Your account has been locked to protect you']);
    const replaced = await infra.db.statusOf(challenge.decisionId, 'verification_request');
    expect(replaced).toMatchObject({ status: 'suppressed' });
    expect(replaced?.last_error).toMatch(/^superseded by lock notice /);
  });
});
