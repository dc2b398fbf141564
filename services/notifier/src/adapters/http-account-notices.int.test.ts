import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verification } from '../app/answer-verification.ts';
import { planFromDecision } from '../domain/plan-notification.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { enqueue } from '../test-support/enqueue-notices.ts';
import { createNotifierDb, type NotifierDb } from '../test-support/notifier-db.ts';
import { startHttpServer, type HttpServer } from './http-server.ts';
import { PgOutbox } from './pg-outbox.ts';
import { PgVerificationAnswers } from './pg-verification-answers.ts';

// The internal read API on a real PostgreSQL schema of this test's own: an account's notices as
// the intake records them, one sent and answered "it was me", read back with the bearer token;
// refused without it, off without NOTIFIER_READ_TOKEN, and never a contact detail or fact.

const READ_TOKEN = 'console-read-token-0123456789';
const EMAIL = 'taro@example.jp';
const PHONE = '+819012345678';

let db: NotifierDb;
let on: HttpServer;
let off: HttpServer;
const accountId = `acc-read-${Math.random().toString(36).slice(2, 8)}`;
const challenge = makeDecision({
  accountId,
  decidedAt: new Date(Date.now() - 60_000).toISOString(),
});
const block = makeDecision({ accountId, outcome: 'block' });

beforeAll(async () => {
  db = await createNotifierDb();
  const outbox = new PgOutbox(db.pool);
  const answers = new PgVerificationAnswers(db.pool);
  await db.upsertPreferences({ accountId, email: EMAIL, phone: PHONE, channels: ['sms', 'email'] });
  await enqueue(outbox, [planFromDecision(challenge)!, planFromDecision(block)!]);
  // The dispatcher sent the "was this you?" by SMS in Japanese, and the customer said yes.
  const [claimed] = (await outbox.claimDue(10, 60_000)).filter(
    (row) => row.kind === 'verification_request',
  );
  await outbox.markSent(claimed!.id, claimed!.attempts, 'sms', 'ja');
  await answers.record(claimed!.id, 'yes', () => Promise.resolve());

  const unused = () => Promise.reject(new Error('not used'));
  const verification: Verification = { view: unused, answer: unused, localeOf: unused };
  const common = {
    port: 0,
    host: '127.0.0.1',
    verification,
    brand: { name: 'Kumo', primaryColor: '#0b5fff', alertColor: '#c62828', agentFollowUp: true },
    notifications: outbox,
    answers,
    logger: pino({ level: 'silent' }),
  };
  [on, off] = await Promise.all([
    startHttpServer({ ...common, readToken: READ_TOKEN }),
    startHttpServer(common),
  ]);
});
afterAll(async () => {
  await Promise.all([on?.close(), off?.close()]);
  await db?.cleanup();
});

const noticesUrl = (server: HttpServer, account = accountId, query = '') =>
  `http://127.0.0.1:${server.port}/internal/v1/accounts/${encodeURIComponent(account)}/notices${query}`;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('GET /internal/v1/accounts/:accountId/notices', () => {
  it("returns the account's notices newest first, with the customer's answer and no contact details", async () => {
    const response = await fetch(noticesUrl(on), bearer(READ_TOKEN));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const body = JSON.parse(text) as { accountId: string; notices: Record<string, unknown>[] };
    expect(body.accountId).toBe(accountId);
    expect(body.notices.map((n) => n.kind)).toEqual(['lock_notice', 'verification_request']);
    expect(body.notices[1]).toMatchObject({
      decisionId: challenge.decisionId,
      channel: 'sms',
      locale: 'ja',
      status: 'sent',
      activityCount: 1,
      sentAt: expect.any(String) as string,
      answer: { answer: 'yes', answeredAt: expect.any(String) as string },
    });
    // Claimed with it, still on its way.
    expect(body.notices[0]).toMatchObject({ status: 'sending', sentAt: null, answer: null });
    expect(Object.keys(body.notices[0]!).sort()).toEqual([
      'activityCount',
      'answer',
      'channel',
      'createdAt',
      'decisionId',
      'id',
      'incidentId',
      'kind',
      'locale',
      'sentAt',
      'status',
    ]);
    for (const secret of [EMAIL, PHONE, challenge.subject.ip!, challenge.subject.deviceId!, 't='])
      expect(text).not.toContain(secret);

    const newest = await fetch(noticesUrl(on, accountId, '?limit=1'), bearer(READ_TOKEN));
    expect(((await newest.json()) as { notices: unknown[] }).notices).toHaveLength(1);
    const none = await fetch(noticesUrl(on, 'acc-nobody'), bearer(READ_TOKEN));
    expect(await none.json()).toEqual({ accountId: 'acc-nobody', notices: [] });
  });

  it('refuses a request without the token or with a wrong one, and a bad limit', async () => {
    const without = await fetch(noticesUrl(on));
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer');
    expect(await without.text()).not.toContain(accountId);
    expect((await fetch(noticesUrl(on), bearer('console-read-token-0123456780'))).status).toBe(401);
    expect((await fetch(noticesUrl(on), bearer(`${READ_TOKEN}x`))).status).toBe(401);
    expect((await fetch(noticesUrl(on, accountId, '?limit=500'), bearer(READ_TOKEN))).status).toBe(
      400,
    );
  });

  it('does not exist when NOTIFIER_READ_TOKEN is unset', async () => {
    expect((await fetch(noticesUrl(off), bearer(READ_TOKEN))).status).toBe(404);
    expect((await fetch(noticesUrl(off))).status).toBe(404);
  });
});
