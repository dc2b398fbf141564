import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@vigil/events';
import { createEventProducer, type EventProducer } from '@vigil/kafka';
import { createKafkaFixture, waitFor, type KafkaFixture } from '@vigil/testing';
import { createGrpcCaseRaiser } from './grpc-case-raiser.ts';
import { createKafkaAnswerPublisher } from './kafka-answer-publisher.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { PgOutbox } from './pg-outbox.ts';
import { PgVerificationAnswers } from './pg-verification-answers.ts';
import { startCaseServiceStub } from '../test-support/case-service-stub.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { enqueue } from '../test-support/enqueue-notices.ts';
import { countRecords, startKafkaCollector } from '../test-support/kafka-collector.ts';
import { createNotifierDb, type NotifierDb } from '../test-support/notifier-db.ts';
import type { PollingLoop } from '@vigil/lifecycle';
import { batchLoop } from '../app/batch-loop.ts';
import { createCaseEscalation } from '../app/escalate-to-case.ts';
import { createLinkSigner } from './hmac-link-signer.ts';
import { createVerification } from '../app/answer-verification.ts';
import { startHttpServer, type HttpServer } from './http-server.ts';
import { PgContactPreferences } from './pg-contact-preferences.ts';
import { formatInstant } from '../domain/locale-format.ts';

const logger = pino({ level: 'silent' });
const secret = 'verification-secret-verification-secret';
const signer = createLinkSigner({ secrets: [secret], ttlMs: 3_600_000 });

let db: NotifierDb;
let kafka: KafkaFixture;
let producer: EventProducer;
let server: HttpServer;
let collector: Awaited<ReturnType<typeof startKafkaCollector>>;
let caseService: Awaited<ReturnType<typeof startCaseServiceStub>>;
let escalator: PollingLoop;
let outbox: PgOutbox;
let base: string;
let feedbackTopic: string;
let commandsTopic: string;

beforeAll(async () => {
  [db, kafka, caseService] = await Promise.all([
    createNotifierDb(),
    createKafkaFixture([TOPICS.feedback, TOPICS.accountCommands], { partitions: 2 }),
    startCaseServiceStub(),
  ]);
  feedbackTopic = kafka.topics[TOPICS.feedback]!;
  commandsTopic = kafka.topics[TOPICS.accountCommands]!;
  const registry = new Registry();
  const metrics = createNotifierMetrics(registry);
  producer = createEventProducer({ kafka: kafka.kafka, registry, logger });
  await producer.connect();
  outbox = new PgOutbox(db.pool);
  const answers = new PgVerificationAnswers(db.pool);
  const verification = createVerification({
    signer,
    notifications: outbox,
    answers,
    publisher: createKafkaAnswerPublisher(producer, {
      feedback: feedbackTopic,
      accountCommands: commandsTopic,
    }),
    contacts: new PgContactPreferences(db.pool),
    metrics,
    logger,
  });
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    verification,
    brand: {
      name: 'Kumo Pay',
      primaryColor: '#0b5fff',
      alertColor: '#c62828',
      supportPhone: '+81 3-1234-5678',
      agentFollowUp: true,
    },
    notifications: outbox,
    answers,
    logger,
  });
  base = `http://127.0.0.1:${server.port}`;
  escalator = batchLoop({
    name: 'case-escalator',
    useCase: createCaseEscalation({
      answers,
      raiser: createGrpcCaseRaiser({
        address: caseService.address,
        token: 'notifier-service-token',
        deadlineMs: 2_000,
      }),
      retry: { initialDelayMs: 10, maxDelayMs: 10, jitter: 0 },
      batchSize: 10,
      leaseMs: 5_000,
      metrics,
      logger,
    }),
    batchSize: 10,
    intervalMs: 20,
    metrics,
    logger,
  });
  collector = await startKafkaCollector(kafka.kafka, [feedbackTopic, commandsTopic]);
});

afterAll(async () => {
  await escalator?.stop();
  await Promise.all([
    server?.close(),
    collector?.stop(),
    producer?.disconnect(),
    caseService?.close(),
  ]);
  await Promise.all([db?.cleanup(), kafka?.cleanup()]);
});

/** A verification request row as the consumer would create it, and a signed link token for it. */
async function verificationRequest(outcome: 'challenge' | 'block' = 'challenge') {
  const decision = makeDecision({ outcome });
  const kind = outcome === 'challenge' ? 'verification_request' : 'lock_notice';
  await enqueue(outbox, [
    {
      decisionId: decision.decisionId,
      kind,
      accountId: decision.accountId,
      decidedAt: decision.decidedAt,
      facts: {
        eventType: 'transaction',
        occurredAt: decision.occurredAt,
        amount: { minor: 48000, currency: 'JPY' },
        merchantName: 'Acme Electronics',
        city: 'Osaka',
        country: 'JP',
        deviceId: decision.subject.deviceId,
        devicePlatform: 'ios',
        ip: decision.subject.ip,
      },
      decision,
    },
  ]);
  const row = await db.statusOf(decision.decisionId, kind);
  return { decision, id: row!.id, token: signer.sign(row!.id).token };
}

function post(token: string, answer: string) {
  return fetch(`${base}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, answer }).toString(),
  });
}

async function answerRows(id: string) {
  return (
    await db.pool.query<{ answer: string }>(
      'SELECT answer FROM verification_answers WHERE notification_id = $1',
      [id],
    )
  ).rows;
}

describe('verification answers over HTTP, onto real Kafka', () => {
  it('GET shows what is being confirmed and two buttons, and answers nothing', async () => {
    const { decision, id, token } = await verificationRequest();
    const feedbackBefore = await countRecords(kafka.kafka, feedbackTopic);
    const response = await fetch(`${base}/verify?t=${encodeURIComponent(token)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    const html = await response.text();
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
    // What is being confirmed, from the stored notice; never the device id or the IP.
    expect(html).toContain('¥48,000');
    expect(html).toContain('Acme Electronics');
    expect(html).toContain('Osaka, Japan');
    expect(html).toContain('iPhone or iPad');
    expect(html).toContain('Kumo Pay');
    expect(html).toContain('href="tel:+81312345678"');
    expect(html).not.toContain(decision.subject.deviceId!);
    expect(html).not.toContain('203.0.113.7');
    expect(html).toContain('name="answer" value="yes"');
    expect(html).toContain('name="answer" value="no"');
    // A link scanner following the GET twice changes nothing.
    await fetch(`${base}/verify?t=${encodeURIComponent(token)}`);
    expect(await answerRows(id)).toEqual([]);
    expect(await countRecords(kafka.kafka, feedbackTopic)).toBe(feedbackBefore);
  });

  it('POST yes emits one legit feedback record with the device; answering again emits nothing more', async () => {
    const { decision, id, token } = await verificationRequest();
    const commandsBefore = await countRecords(kafka.kafka, commandsTopic);
    const first = await post(token, 'yes');
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Thank you. We have noted that this was you.');
    const feedback = await waitFor(
      () =>
        collector
          .on(feedbackTopic)
          .find((record) => record.value.decisionId === decision.decisionId),
      {
        what: 'legit feedback',
      },
    );
    expect(feedback.key).toBe(decision.accountId);
    expect(feedback.value).toMatchObject({
      feedbackId: `fb-verify-${id}`,
      accountId: decision.accountId,
      source: 'customer_verification',
      verdict: 'legit',
      deviceId: decision.subject.deviceId,
    });
    const before = await countRecords(kafka.kafka, feedbackTopic);
    const again = await post(token, 'yes');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('already been answered');
    const changed = await post(token, 'no');
    expect(changed.status).toBe(409);
    expect(await countRecords(kafka.kafka, feedbackTopic)).toBe(before);
    // "yes" never locks, and the refused "no" emitted nothing either.
    expect(await countRecords(kafka.kafka, commandsTopic)).toBe(commandsBefore);
    expect(await answerRows(id)).toEqual([{ answer: 'yes' }]);
  });

  it('POST no emits fraud feedback and a lock command, and raises a case over gRPC', async () => {
    const { decision, id, token } = await verificationRequest();
    escalator.start();
    const response = await post(token, 'no');
    expect(response.status).toBe(200);
    const fraud = await waitFor(
      () =>
        collector
          .on(feedbackTopic)
          .find((record) => record.value.decisionId === decision.decisionId),
      {
        what: 'fraud feedback',
      },
    );
    expect(fraud.value).toMatchObject({
      verdict: 'fraud',
      source: 'customer_verification',
      deviceId: decision.subject.deviceId,
    });
    const lock = await waitFor(
      () =>
        collector
          .on(commandsTopic)
          .find((record) => record.value.decisionId === decision.decisionId),
      {
        what: 'lock command',
      },
    );
    expect(lock.key).toBe(decision.accountId);
    expect(lock.value).toMatchObject({
      commandId: `cmd-lock-verify-${id}`,
      action: 'lock',
      issuedBy: 'customer-verification',
    });
    const call = await waitFor(
      () => caseService.calls.find((c) => c.request.decisionId === decision.decisionId),
      { what: 'RaiseCase' },
    );
    expect(call.authorization).toBe('Bearer notifier-service-token');
    expect(call.request).toMatchObject({
      accountId: decision.accountId,
      outcome: 'DECISION_OUTCOME_BLOCK',
      score: 100,
      eventId: decision.eventId,
    });
    expect(call.request.reasons[0]?.rule).toBe('customer_denied_activity');
    const caseId = await waitFor(
      async () => {
        const { rows } = await db.pool.query<{ case_id: string | null }>(
          'SELECT case_id FROM verification_answers WHERE notification_id = $1',
          [id],
        );
        return rows[0]?.case_id ?? undefined;
      },
      { what: 'case id stored' },
    );
    expect(caseId).toMatch(/^case-/);
  });

  it('keeps retrying RaiseCase through a case-service outage', async () => {
    const { decision, token } = await verificationRequest();
    escalator.start();
    caseService.failNext(2);
    expect((await post(token, 'no')).status).toBe(200);
    await waitFor(
      () => {
        const calls = caseService.calls.filter((c) => c.request.decisionId === decision.decisionId);
        return calls.length >= 3 ? calls : undefined;
      },
      { what: 'three RaiseCase attempts' },
    );
    const caseId = await waitFor(
      async () => {
        const { rows } = await db.pool.query<{ case_id: string | null }>(
          `SELECT a.case_id FROM verification_answers a JOIN notifications n ON n.id = a.notification_id
          WHERE n.decision_id = $1`,
          [decision.decisionId],
        );
        return rows[0]?.case_id ?? undefined;
      },
      { what: 'case raised after the outage' },
    );
    expect(caseId).toMatch(/^case-/);
  });

  it('rejects tampered and expired tokens on GET and POST and records nothing', async () => {
    const { id, token } = await verificationRequest();
    const [payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ v: 1, n: id, e: 9_999_999_999 })).toString(
      'base64url',
    );
    const tampered = [`${forgedPayload}.${signature}`, `${payload}.${signature!.slice(0, -2)}xx`];
    for (const bad of tampered) {
      expect((await fetch(`${base}/verify?t=${encodeURIComponent(bad)}`)).status).toBe(400);
      expect((await post(bad, 'yes')).status).toBe(400);
    }
    const expired = createLinkSigner({
      secrets: [secret],
      ttlMs: 1_000,
      now: () => new Date(Date.now() - 60_000),
    }).sign(id).token;
    expect((await fetch(`${base}/verify?t=${encodeURIComponent(expired)}`)).status).toBe(410);
    expect((await post(expired, 'no')).status).toBe(410);
    expect((await post(token, 'maybe')).status).toBe(400);
    expect(await answerRows(id)).toEqual([]);
  });

  it('shows the page in the language the notice was sent in, at the customer’s local time', async () => {
    const { decision, id, token } = await verificationRequest();
    await db.pool.query(`UPDATE notifications SET locale = 'ja' WHERE id = $1`, [id]);
    await db.upsertPreferences({
      accountId: decision.accountId,
      locale: 'en',
      timeZone: 'Asia/Tokyo',
      channels: ['sms'],
    });
    const html = await (
      await fetch(`${base}/verify?t=${encodeURIComponent(token)}`, {
        headers: { 'accept-language': 'en-US' },
      })
    ).text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('はい、本人です');
    expect(html).toContain('大阪（日本）');
    // In the customer's zone, however locale-format names it.
    expect(html).toContain(formatInstant(decision.occurredAt, 'ja', 'Asia/Tokyo'));
  });

  it('error pages speak the notice’s language when the link names it, else the browser’s', async () => {
    const { id, token } = await verificationRequest();
    await db.pool.query(`UPDATE notifications SET locale = 'zh-CN' WHERE id = $1`, [id]);
    const expired = createLinkSigner({
      secrets: [secret],
      ttlMs: 1_000,
      now: () => new Date(Date.now() - 60_000),
    }).sign(id).token;
    // The expired link is still ours: its notice was in Chinese, whatever the browser says.
    const expiredPage = await fetch(`${base}/verify?t=${encodeURIComponent(expired)}`, {
      headers: { 'accept-language': 'ja' },
    });
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.text()).toContain('此链接已过期');
    // A forged link names nothing we trust: the browser's language.
    const [payload, signature] = token.split('.');
    const tampered = `${payload}.${signature!.slice(0, -2)}xx`;
    const tamperedPage = await fetch(`${base}/verify?t=${encodeURIComponent(tampered)}`, {
      headers: { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.5' },
    });
    expect(tamperedPage.status).toBe(400);
    const tamperedHtml = await tamperedPage.text();
    expect(tamperedHtml).toContain('<html lang="ja">');
    expect(tamperedHtml).toContain('このリンクは無効です。');
    // A malformed post that still carries the real token: the notice's language again.
    const malformed = await post(token, 'maybe');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('我们无法读取您的答复');
    const answered = await post(token, 'no');
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('为保护您的安全，我们已锁定您的账户');
    expect(await answerRows(id)).toEqual([{ answer: 'no' }]);
  });

  it('a lock notice link cannot be used to answer anything', async () => {
    const { id, token } = await verificationRequest('block');
    expect((await post(token, 'yes')).status).toBe(404);
    expect(await answerRows(id)).toEqual([]);
  });

  it('serves notification status by account and by id', async () => {
    const { decision, id } = await verificationRequest();
    const list = (await (
      await fetch(`${base}/notifications?accountId=${decision.accountId}`)
    ).json()) as { notifications: { id: string; status: string }[] };
    expect(list.notifications).toEqual([
      expect.objectContaining({ id, status: 'pending', kind: 'verification_request' }),
    ]);
    const one = await fetch(`${base}/notifications/${id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id, decisionId: decision.decisionId, attempts: 0 });
    expect((await fetch(`${base}/notifications/not-a-uuid`)).status).toBe(404);
    expect((await fetch(`${base}/notifications`)).status).toBe(400);
  });
});
