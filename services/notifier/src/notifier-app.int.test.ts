import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqTopic, TOPICS } from '@vigil/events';
import {
  createKafkaFixture,
  createPgFixture,
  waitFor,
  type KafkaFixture,
  type PgFixture,
} from '@vigil/testing';
import { startNotifier, type RunningNotifier } from './notifier-app.ts';
import { makeDecision } from './test-support/decisions.ts';
import { notifierTestEnv } from './test-support/notifier-env.ts';
import { startKafkaCollector } from './test-support/kafka-collector.ts';
import { startSmtpCapture, type SmtpCapture } from './test-support/smtp-capture.ts';

let kafka: KafkaFixture;
let pgFixture: PgFixture;
let smtp: SmtpCapture;
let notifier: RunningNotifier | undefined;
let registry: Registry;

beforeAll(async () => {
  [kafka, pgFixture, smtp] = await Promise.all([
    createKafkaFixture([TOPICS.decisions, TOPICS.feedback, TOPICS.accountCommands], {
      partitions: 3,
      withDlq: true,
    }),
    createPgFixture(),
    startSmtpCapture(),
  ]);
  const env = notifierTestEnv(kafka, pgFixture, {
    VERIFICATION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    NOTICE_GATHER_MS: '200',
  });
  registry = new Registry();
  notifier = await startNotifier(env, { logger: pino({ level: 'silent' }), registry });
});

afterAll(async () => {
  for (const step of notifier?.stopSteps ?? []) await step.run();
  await smtp?.close();
  await Promise.all([kafka?.cleanup(), pgFixture?.cleanup()]);
});

describe('notifier end to end: Kafka → PostgreSQL outbox → SMTP → verification → Kafka', () => {
  it('one email per challenged decision even when the decision is delivered twice; "yes" becomes legit feedback', async () => {
    const decision = makeDecision();
    const allowed = makeDecision({ accountId: decision.accountId, outcome: 'allow' });
    await pgFixture.pool.query(
      `INSERT INTO contact_preferences (account_id, locale, time_zone, email, channels) VALUES ($1, 'en-US', 'America/Los_Angeles', 'kim@example.com', '{email}')`,
      [decision.accountId],
    );
    const producer = kafka.kafka.producer();
    await producer.connect();
    const decisions = kafka.topics[TOPICS.decisions]!;
    const send = (value: unknown) =>
      producer.send({
        topic: decisions,
        messages: [{ key: decision.accountId, value: JSON.stringify(value) }],
      });
    await send(decision);
    await send(allowed);
    await send(decision); // upstream redelivery of the same decision
    await producer.send({
      topic: decisions,
      messages: [{ key: decision.accountId, value: '{"decisionId": 42}' }],
    });
    await producer.disconnect();

    const mail = await waitFor(() => smtp.messages.find((m) => m.to.includes('kim@example.com')), {
      what: 'verification email',
      timeoutMs: 60_000,
    });
    expect(mail.subject).toBe('Was this you? Please confirm recent activity');
    expect(mail.text).toContain('A transaction of ¥48,000 at Acme Electronics');
    expect(mail.text).toMatch(/When: .* PST/);

    // The malformed record went to the DLQ without blocking the partition.
    const collector = await startKafkaCollector(kafka.kafka, [
      dlqTopic(decisions),
      kafka.topics[TOPICS.feedback]!,
    ]);
    try {
      await waitFor(() => collector.on(dlqTopic(decisions)).length === 1 || undefined, {
        what: 'dead letter',
        timeoutMs: 30_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.messages.filter((m) => m.to.includes('kim@example.com'))).toHaveLength(1);

      const token = /verify\?t=([\w.-]+)/.exec(mail.text)?.[1];
      expect(token).toBeDefined();
      const base = `http://127.0.0.1:${notifier!.httpPort}/verify`;
      expect((await fetch(`${base}?t=${token}`)).status).toBe(200);
      const answer = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ t: token, answer: 'yes' }),
      });
      expect(answer.status).toBe(200);
      const feedback = await waitFor(
        () =>
          collector
            .on(kafka.topics[TOPICS.feedback]!)
            .find((r) => r.value.decisionId === decision.decisionId),
        {
          what: 'legit feedback',
        },
      );
      expect(feedback.value).toMatchObject({
        verdict: 'legit',
        source: 'customer_verification',
        deviceId: decision.subject.deviceId,
      });
    } finally {
      await collector.stop();
    }

    const status = (await (
      await fetch(
        `http://127.0.0.1:${notifier!.httpPort}/notifications?accountId=${decision.accountId}`,
      )
    ).json()) as {
      notifications: { status: string; channel: string; kind: string }[];
    };
    expect(status.notifications).toEqual([
      expect.objectContaining({ status: 'sent', channel: 'email', kind: 'verification_request' }),
    ]);
    const metrics = await registry.metrics();
    expect(metrics).toContain(
      'vigil_notifier_notifications_total{channel="email",kind="verification_request",status="sent"} 1',
    );
    expect(metrics).toMatch(
      /vigil_notifier_delivery_latency_seconds_count\{channel="email",kind="verification_request"\} 1/,
    );
    expect(metrics).toContain(
      'vigil_notifier_verification_answers_total{answer="yes",result="recorded"} 1',
    );
  });

  it('reports ready while Kafka and PostgreSQL answer', async () => {
    // A check answers a boolean or a result with its reason (the Kafka membership check).
    const results = await Promise.all(
      notifier!.readiness.map(async (check) => {
        const result = await check.check();
        return [check.name, typeof result === 'boolean' ? result : result.ok] as const;
      }),
    );
    expect(Object.fromEntries(results)).toEqual({ kafka: true, postgres: true, dispatcher: true });
  });
});
