import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll } from 'vitest';
import type { ConsumedRecord } from '@vigil/kafka';
import { createHttpWebhookChannel } from '../adapters/http-webhook-channel.ts';
import { createLinkSigner } from '../adapters/hmac-link-signer.ts';
import { kafkaIntakeHandler } from '../adapters/kafka-intake.ts';
import { PgContactPreferences } from '../adapters/pg-contact-preferences.ts';
import { PgOutbox } from '../adapters/pg-outbox.ts';
import { createSmtpEmailChannel } from '../adapters/smtp-email-channel.ts';
import { createNoticeIntake } from '../app/intake-notices.ts';
import { createOutboxDispatcher } from '../app/outbox-dispatcher.ts';
import type { NoticePolicies } from '../app/record-notices.ts';
import type { IntakeRecord } from '../domain/plan-notification.ts';
import { createNotifierMetrics } from '../metrics.ts';
import { PLAIN_POLICIES } from './enqueue-notices.ts';
import { startHttpReceiver, type HttpReceiver } from './http-receiver.ts';
import { createNotifierDb, type NotifierDb } from './notifier-db.ts';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture.ts';

const logger = pino({ level: 'silent' });

export const harnessSigner = createLinkSigner({
  secrets: ['integration-secret-integration-secret'],
  ttlMs: 3_600_000,
});

export interface OutboxInfra {
  db: NotifierDb;
  smtp: SmtpCapture;
  sms: HttpReceiver;
}

/**
 * A schema of the test file's own on the real PostgreSQL, a real SMTP server and a real SMS
 * webhook, started before its tests and stopped after them (fields are set once beforeAll ran).
 */
export function useOutboxInfra(): OutboxInfra {
  const infra = {} as OutboxInfra;
  beforeAll(async () => {
    [infra.db, infra.smtp, infra.sms] = await Promise.all([
      createNotifierDb(),
      startSmtpCapture(),
      startHttpReceiver(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([infra.db?.cleanup(), infra.smtp?.close(), infra.sms?.close()]);
  });
  return infra;
}

/**
 * The notifier's intake and dispatcher on the real PostgreSQL schema of a test, delivering to a
 * real SMTP server and SMS webhook: `consume` hands records to the Kafka handler as the consumer
 * runner would, `drain` dispatches until nothing is due (backoff 1 ms).
 */
export function outboxHarness(
  infra: OutboxInfra,
  options: { policies?: Partial<NoticePolicies>; maxAttempts?: number } = {},
) {
  const { db } = infra;
  const registry = new Registry();
  const metrics = createNotifierMetrics(registry);
  const outbox = new PgOutbox(db.pool);
  const dispatcher = createOutboxDispatcher({
    outbox,
    contacts: new PgContactPreferences(db.pool),
    channels: {
      email: createSmtpEmailChannel({
        host: '127.0.0.1',
        port: infra.smtp.port,
        secure: false,
        from: 'Vigil <security@vigil.test>',
        timeoutMs: 5_000,
        maxConnections: 2,
      }),
      sms: createHttpWebhookChannel({ url: infra.sms.url, timeoutMs: 5_000 }),
    },
    linkSigner: harnessSigner,
    verifyUrl: 'https://verify.vigil.test/verify',
    retry: { maxAttempts: options.maxAttempts ?? 5, initialDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    batchSize: 10,
    leaseMs: 30_000,
    metrics,
    clock: Date.now,
    logger,
  });
  const policies = { ...PLAIN_POLICIES, ...options.policies };
  const handler = kafkaIntakeHandler(createNoticeIntake({ store: outbox, policies, metrics }));
  const consume = (values: IntakeRecord[], topic = 'risk.decisions.v1') =>
    handler(
      values.map((value, index): ConsumedRecord<IntakeRecord> => ({
        topic,
        partition: 0,
        offset: String(index),
        key: null,
        value,
        headers: {},
        timestamp: String(Date.now()),
      })),
      {
        attempt: 0,
        logger,
        heartbeat: () => Promise.resolve(),
        isActive: () => true,
        deadLetter: () => Promise.resolve(),
      },
    );
  /** Runs the dispatcher until nothing is pending or sending any more. */
  const drain = async () => {
    for (let round = 0; round < 50; round++) {
      if ((await dispatcher.runOnce()) === 0) {
        const { rows } = await db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM notifications WHERE status IN ('pending','sending')`,
        );
        if (rows[0]?.n === '0') return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    throw new Error('outbox did not drain');
  };
  return { outbox, dispatcher, consume, drain, registry, metrics };
}
