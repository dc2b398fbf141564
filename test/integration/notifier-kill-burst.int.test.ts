import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import type { RiskDecision } from '@vigil/events';
import {
  BUILT_ENTRY_POINTS,
  dropSchemas,
  ensureSchemas,
  REPO_ROOT,
  seedContactPreferences,
  startLocalSinks,
  type LocalSinks,
  type StackPlan,
} from '@vigil/devstack';
import { waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltService, type BuiltServiceProcess } from './support/built-service-process.ts';
import { builtStackPlan, opsUrl, serviceEnv } from './support/stack-env.ts';

// The built notifier (`node services/notifier/dist/main.js`) is killed with SIGKILL while it
// works through a burst of challenges and blocks, restarted on the same consumer group and
// schema, and finishes the burst. What the SMTP and SMS capture received must be one lock notice
// per account and at most one "was this you?", each notice once: the restart replays what was
// not committed, and replays never re-send. The replica has a KAFKA_GROUP_INSTANCE_ID (static
// membership): the restart takes the killed member's place at once, without waiting for its
// session to time out.

const ACCOUNTS = 24;
let sinks: LocalSinks;
let plan: StackPlan;
let db: pg.Pool;
let accountIds: string[];
const started: BuiltServiceProcess[] = [];

beforeAll(async () => {
  sinks = await startLocalSinks();
  plan = await builtStackPlan(sinks, 10_000);
  accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `${plan.options.runId}-acc-${i}`);
  await ensureSchemas(plan.options.databaseUrl, [plan.options.notifierSchema]);
  db = new pg.Pool({
    connectionString: plan.options.databaseUrl,
    options: `-c search_path=${plan.options.notifierSchema}`,
    max: 2,
  });
});

afterAll(async () => {
  await Promise.all(started.map((service) => service.terminate(5_000)));
  await db?.end();
  await sinks?.close();
  if (plan) await dropSchemas(plan.options.databaseUrl, [plan.options.notifierSchema]);
});

async function startNotifier(): Promise<BuiltServiceProcess> {
  const { nodeArgs, script } = BUILT_ENTRY_POINTS.notifier;
  const service = startBuiltService({
    command: process.execPath,
    args: [...nodeArgs, script],
    cwd: REPO_ROOT,
    env: {
      ...serviceEnv('notifier', plan),
      // A short gather and lease, so a notice claimed when the process died is due again soon.
      NOTICE_GATHER_MS: '300',
      CHANNEL_TIMEOUT_MS: '1000',
      DISPATCH_POLL_MS: '100',
      // The same replica name across the restart, as a StatefulSet pod keeps its name.
      KAFKA_GROUP_INSTANCE_ID: 'notifier-0',
    },
  });
  started.push(service);
  await service.ready(opsUrl(plan, 'notifier'));
  return service;
}

const phoneOf = (i: number) => `+8190${String(10_000_000 + i)}`;
const emailOf = (i: number) => `kill-${i}@example.com`;

/** Per account: three challenges, then three blocks, a minute apart (one incident each). */
function burst(): RiskDecision[] {
  const start = Date.now() - 30 * 60_000;
  return accountIds.flatMap((accountId, a) =>
    [0, 1, 2, 3, 4, 5].map((step): RiskDecision => {
      const id = `${accountId}-d${step}`;
      return {
        schemaVersion: 1,
        decisionId: `dec-${id}`,
        eventId: `evt-${id}`,
        eventType: 'transaction',
        accountId,
        occurredAt: new Date(start + (a + step) * 60_000 - 1_000).toISOString(),
        decidedAt: new Date(start + (a + step) * 60_000).toISOString(),
        score: step < 3 ? 60 : 90,
        outcome: step < 3 ? 'challenge' : 'block',
        reasons: [{ rule: 'velocity', score: 60, message: 'many payments' }],
        shadowReasons: [],
        ruleSetVersion: 'kill-test',
        subject: { transactionId: `tx-${id}`, deviceId: `dev-${id}`, ip: '203.0.113.9' },
      };
    }),
  );
}

async function produce(decisions: RiskDecision[]): Promise<void> {
  const kafka = new Kafka({ brokers: plan.options.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  // Small sends, so the consumer sees many batches and the kill lands between them.
  for (let i = 0; i < decisions.length; i += 6)
    await producer.send({
      topic: plan.options.topics.decisions,
      acks: -1,
      messages: decisions
        .slice(i, i + 6)
        .map((d) => ({ key: d.accountId, value: JSON.stringify(d) })),
    });
  await producer.disconnect();
}

const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]?.n ?? 0;

/**
 * What the capture received: distinct notices per account and kind (a notice is named by its
 * Message-ID / Idempotency-Key, the notification id), and how many deliveries in all. A delivery
 * the kill cut off before the outbox marked it sent is retried with the same id — what the
 * providers dedupe on — so deliveries may exceed notices by the one in flight, never more.
 */
function received() {
  const per = new Map<string, Set<string>>();
  const add = (key: string, notificationId: string) =>
    per.set(key, (per.get(key) ?? new Set()).add(notificationId));
  accountIds.forEach((accountId, i) => {
    for (const mail of sinks.smtp.messagesTo(emailOf(i)))
      add(
        `${accountId}/${mail.subject.startsWith('Was this you') ? 'verification' : 'lock'}`,
        mail.headers.get('message-id') ?? mail.subject,
      );
    for (const sms of sinks.webhooks.requestsTo(phoneOf(i), 'sms'))
      add(
        `${accountId}/${(sms.body as { kind: string }).kind === 'verification_request' ? 'verification' : 'lock'}`,
        String(sms.headers['idempotency-key']),
      );
  });
  const notices = [...per.values()].reduce((sum, ids) => sum + ids.size, 0);
  return {
    per,
    notices,
    deliveries: sinks.smtp.messages.length + sinks.webhooks.requests.length,
  };
}

describe('notifier killed with SIGKILL mid-burst', () => {
  it('sends one lock notice and at most one "was this you?" per account, nothing twice', async () => {
    const first = await startNotifier();
    await seedContactPreferences({
      databaseUrl: plan.options.databaseUrl,
      schema: plan.options.notifierSchema,
      contacts: accountIds.map((accountId, i) =>
        i % 2 === 0
          ? { accountId, locale: 'en', email: emailOf(i), channels: ['email'] }
          : { accountId, locale: 'en', phone: phoneOf(i), channels: ['sms'] },
      ),
    });
    const decisions = burst();
    const half = decisions.length / 2;
    await produce(decisions.slice(0, half));
    // Kill it while it is working: some causes recorded, not all of the first half.
    const recordedAtKill = await waitFor(
      async () => {
        const n = await count('SELECT count(*)::int AS n FROM notice_causes');
        return n > 0 ? n : undefined;
      },
      { timeoutMs: 30_000, what: 'the notifier recording the first decisions' },
    );
    process.kill(first.pid, 'SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(recordedAtKill).toBeLessThan(decisions.length);

    await produce(decisions.slice(half));
    const causesAtRestart = await count('SELECT count(*)::int AS n FROM notice_causes');
    const restartedAt = Date.now();
    const second = await startNotifier();
    // The restart rejoins as the killed member (same group instance id): no session timeout to
    // wait out (KAFKA_SESSION_TIMEOUT_MS, 8 s), no rebalance.
    await waitFor(
      async () =>
        (await count('SELECT count(*)::int AS n FROM notice_causes')) > causesAtRestart
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the restarted notifier taking decisions again' },
    );
    const resumedMs = Date.now() - restartedAt;
    console.log(`notifier restarted after SIGKILL: intake resumed ${resumedMs} ms after start`);
    expect(resumedMs).toBeLessThan(10_000);
    await waitFor(
      async () => {
        const causes = await count('SELECT count(*)::int AS n FROM notice_causes');
        const open = await count(
          `SELECT count(*)::int AS n FROM notifications WHERE status IN ('pending', 'sending')`,
        );
        const sent = await count(
          `SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`,
        );
        return causes === decisions.length && open === 0 && received().notices >= sent
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, what: 'every decision recorded and every notice delivered' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // anything re-sent late shows up too

    const { per, notices, deliveries } = received();
    for (const accountId of accountIds) {
      expect(per.get(`${accountId}/lock`)?.size, accountId).toBe(1);
      expect(per.get(`${accountId}/verification`)?.size ?? 0, accountId).toBeLessThanOrEqual(1);
    }
    expect(notices).toBe(
      await count(`SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`),
    );
    // At most the delivery in flight at the kill went out twice (same id: the provider dedupes it).
    expect(deliveries - notices).toBeLessThanOrEqual(1);
    // Each decision recorded exactly once, whatever the restart replayed.
    expect(await count('SELECT count(*)::int AS n FROM notice_causes')).toBe(decisions.length);
    const metrics = await (await fetch(`${opsUrl(plan, 'notifier')}/metrics`)).text();
    expect(metrics).toMatch(/vigil_notifier_notices_coalesced_total\{[^}]*\} [1-9]/);
    expect((await second.terminate(15_000)).code).toBe(0);
  });
});
