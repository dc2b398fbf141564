import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import {
  riskDecision,
  type AccountCommand,
  type LoginEvent,
  type RiskDecision,
  type TransactionEvent,
} from '@vigil/events';
import { defaultPartitionFor } from '@vigil/kafka';
import { parseRuleSet } from '@vigil/rules';
import {
  createKafkaFixture,
  createRedisFixture,
  uniqueName,
  waitFor,
  type KafkaFixture,
  type RedisFixture,
} from '@vigil/testing';
import type { CaseGateway } from './app/ports.ts';
import type { RiskEngineEnv } from './env.ts';
import { startRiskEngine, type RunningRiskEngine } from './risk-engine-app.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

// Small thresholds so a handful of events walks an account from allow to block.
const RULES = parseRuleSet(`
version: "it-1"
timezone: UTC
combination: noisy_or
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: deny-list, type: deny-list, mode: enforce, score: 100, params: { entities: [device, card, ip, account], outcome: block } }
  - { id: tx-count-account-1h, type: velocity, mode: enforce, score: 75, params: { dimension: account, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: 3 }, { atLeast: 5, score: 95, outcome: block }] } }
  - { id: tx-count-device-1h, type: velocity, mode: shadow, score: 50, params: { dimension: device, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: 2 }] } }
  - { id: brute-force-account-ip, type: login-brute-force, mode: enforce, score: 10, params: { dimension: account_ip, window: 15m, tiers: [{ atLeast: 3 }], lock: { after: 3, base: 1s, max: 15m } } }
`);

/** Records RaiseCase calls; can fail the first N calls like a case-service outage would. */
class RecordingCases implements CaseGateway {
  readonly raised: RiskDecision[] = [];
  failuresLeft = 0;
  raiseCase(decision: RiskDecision): Promise<{ caseId: string }> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return Promise.reject(
        new VigilError('CASE_SERVICE_UNAVAILABLE', 'case-service down', { retryable: true }),
      );
    }
    this.raised.push(decision);
    return Promise.resolve({ caseId: `case-${decision.accountId}` });
  }
}

function tx(accountId: string, n: number, minute: number): TransactionEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-evt-${n}`,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 8, minute)).toISOString(),
    accountId,
    transactionId: `${accountId}-tx-${n}`,
    type: 'payment',
    status: 'approved',
    amount: { minor: 1200, currency: 'JPY' },
    channel: 'app',
    device: { id: `${accountId}-phone`, platform: 'ios' },
    ip: '203.0.113.7',
    geo: { country: 'JP', city: 'Tokyo' },
  };
}

function failedLogin(accountId: string, n: number): LoginEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-login-${n}`,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 9, 0, n)).toISOString(),
    accountId,
    outcome: 'failure',
    failureReason: 'bad_password',
    method: 'password',
    ip: '198.51.100.23',
  };
}

async function readTopic<T>(fx: KafkaFixture, topic: string, settleMs = 1_500): Promise<T[]> {
  const consumer = fx.kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  const values: T[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) =>
        Promise.resolve(void values.push(JSON.parse(message.value!.toString()) as T)),
    });
    let last = -1;
    // Read until nothing new arrives for a while (read_committed: aborted records never show).
    await waitFor(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        if (values.length === last) return true;
        last = values.length;
        return undefined;
      },
      { timeoutMs: 60_000, what: `${topic} to settle` },
    );
    return values;
  } finally {
    await consumer.disconnect();
  }
}

/** Waits until `topic` holds at least `count` values for the account; returns them all. */
async function waitForAccount<T extends { accountId: string }>(
  fx: KafkaFixture,
  topic: string,
  account: string,
  count: number,
  options: { what: string; timeoutMs?: number },
): Promise<T[]> {
  return waitFor(
    async () => {
      const all = (await readTopic<T>(fx, topic)).filter((value) => value.accountId === account);
      return all.length >= count ? all : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 60_000, what: options.what },
  );
}

describe('risk engine (real Kafka and Redis)', () => {
  let fx: KafkaFixture;
  let redisFx: RedisFixture;
  let env: Parameters<typeof startRiskEngine>[0];
  const running: RunningRiskEngine[] = [];
  const registries = new Map<RunningRiskEngine, Registry>();

  async function start(cases: CaseGateway, tuning = {}): Promise<RunningRiskEngine> {
    const registry = new Registry();
    const engine = await startRiskEngine(
      env,
      { logger, registry, cases, ruleSet: () => RULES },
      tuning,
    );
    registries.set(engine, registry);
    running.push(engine);
    return engine;
  }
  async function metric(engine: RunningRiskEngine, name: string): Promise<number> {
    const found = registries.get(engine)?.getSingleMetric(name);
    return found ? (await found.get()).values.reduce((sum, v) => sum + v.value, 0) : 0;
  }
  /** Observations of a histogram, by the value of one label. */
  async function countsBy(
    engine: RunningRiskEngine,
    name: string,
    label: string,
  ): Promise<Record<string, number>> {
    const found = registries.get(engine)?.getSingleMetric(name);
    const counts: Record<string, number> = {};
    for (const v of found ? (await found.get()).values : [])
      if ('metricName' in v && v.metricName === `${name}_count`)
        counts[String(v.labels[label])] = v.value;
    return counts;
  }
  async function stop(engine: RunningRiskEngine): Promise<void> {
    for (const step of engine.stopSteps) await step.run();
    running.splice(running.indexOf(engine), 1);
  }

  beforeAll(async () => {
    fx = await createKafkaFixture(
      ['transactions', 'logins', 'account-changes', 'decisions', 'commands', 'feedback'],
      {
        partitions: 2,
        withDlq: true,
      },
    );
    redisFx = await createRedisFixture();
    env = {
      KAFKA_BROKERS: fx.brokers,
      GROUP_ID: fx.groupId,
      FEEDBACK_GROUP_ID: `${fx.groupId}-feedback`,
      TRANSACTIONAL_ID_PREFIX: uniqueName('tx'),
      TOPIC_TRANSACTIONS: fx.topics.transactions!,
      TOPIC_LOGINS: fx.topics.logins!,
      TOPIC_ACCOUNT_CHANGES: fx.topics['account-changes']!,
      TOPIC_DECISIONS: fx.topics.decisions!,
      TOPIC_ACCOUNT_COMMANDS: fx.topics.commands!,
      TOPIC_FEEDBACK: fx.topics.feedback!,
      CREATE_TOPICS: false,
      TOPIC_PARTITIONS: 2,
      MAX_BATCH_RECORDS: 100,
      REDIS_URL: redisFx.url,
      REDIS_KEY_PREFIX: redisFx.keyPrefix,
      SUBJECT_TTL_DAYS: 1,
    } satisfies Partial<RiskEngineEnv>;
  });
  afterAll(async () => {
    for (const engine of [...running]) await stop(engine);
    // Optional: a failed beforeAll leaves them unset, and its error is the one to see.
    await redisFx?.cleanup();
    await fx?.cleanup();
  });

  async function produce(
    events: (TransactionEvent | LoginEvent)[],
    topic = env.TOPIC_TRANSACTIONS,
  ): Promise<void> {
    const producer = fx.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.accountId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();
  }

  it('walks an account from allow to review to block with one decision per event, cases and lock commands, through a case-service outage', async () => {
    const cases = new RecordingCases();
    cases.failuresLeft = 3;
    const engine = await start(cases);
    const account = uniqueName('acct');
    await produce([1, 2, 3, 4, 5, 6].map((n) => tx(account, n, n)));

    const decisions = await waitForAccount<RiskDecision>(fx, env.TOPIC_DECISIONS, account, 6, {
      what: 'six decisions',
    });

    // Exactly one decision per event even though the first batch was retried three times.
    expect(decisions.map((d) => d.eventId).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `${account}-evt-${n}`).sort(),
    );
    for (const decision of decisions) expect(riskDecision.safeParse(decision).success).toBe(true);
    const byEvent = new Map(decisions.map((d) => [d.eventId.split('-evt-')[1], d]));
    expect(['1', '2', '3', '4', '5', '6'].map((n) => byEvent.get(n)!.outcome)).toEqual([
      'allow',
      'allow',
      'review',
      'review',
      'block',
      'block',
    ]);
    // Where batch time goes: each published batch passed every stage once; an attempt that
    // failed on case-service counts in prepare, not in effects or publish. Delivery delay counts once
    // per record, however often its batch was retried.
    const stages = await waitFor(
      async () => {
        const counts = await countsBy(engine, 'vigil_risk_batch_stage_seconds', 'stage');
        return (counts.publish ?? 0) >= 1 && counts.effects === counts.publish ? counts : undefined;
      },
      { timeoutMs: 10_000, what: 'batch stage timings' },
    );
    expect(stages.prepare).toBeGreaterThan(stages.publish!);
    const delays = await countsBy(engine, 'vigil_kafka_consume_delay_seconds', 'topic');
    expect(delays[env.TOPIC_TRANSACTIONS]).toBe(6);
    // Counts were not doubled by the retries: the 4th event saw 4 transactions.
    expect(byEvent.get('4')!.reasons.find((r) => r.rule === 'tx-count-account-1h')?.observed).toBe(
      4,
    );
    // Shadow rules report but never decide.
    expect(byEvent.get('2')!.shadowReasons.map((r) => r.rule)).toEqual(['tx-count-device-1h']);
    expect(byEvent.get('2')!.reasons).toEqual([]);
    // Context for the customer notice.
    expect(byEvent.get('3')!.context).toEqual({
      amount: { minor: 1200, currency: 'JPY' },
      geo: { country: 'JP', city: 'Tokyo' },
      device: { platform: 'ios' },
    });

    expect(new Set(cases.raised.map((d) => d.eventId))).toEqual(
      new Set([3, 4, 5, 6].map((n) => `${account}-evt-${n}`)),
    );
    const commands = async () =>
      (await readTopic<AccountCommand>(fx, env.TOPIC_ACCOUNT_COMMANDS)).filter(
        (c) => c.accountId === account,
      );
    // Both 5 and 6 are blocks, but the account is locked once: 6 finds 5's lock in force.
    expect((await commands()).map((c) => c.decisionId)).toEqual([`dec-${account}-evt-5`]);
    expect(
      (await commands()).every((c) => c.action === 'lock' && c.issuedBy === 'risk-engine'),
    ).toBe(true);
    expect(await metric(engine, 'vigil_risk_lock_commands_suppressed_total')).toBe(1);

    // An agent clears the account (false positive): the next block must lock it again.
    const producer = fx.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: env.TOPIC_FEEDBACK,
      acks: -1,
      messages: [
        {
          key: account,
          value: JSON.stringify({
            schemaVersion: 1,
            feedbackId: `${account}-fb-1`,
            accountId: account,
            source: 'case_resolution',
            verdict: 'legit',
            decisionId: `dec-${account}-evt-5`,
            occurredAt: new Date().toISOString(),
          }),
        },
      ],
    });
    await producer.disconnect();
    await waitFor(
      async () =>
        (await metric(engine, 'vigil_risk_feedback_applied_total')) >= 1 ? true : undefined,
      { timeoutMs: 30_000, what: 'the feedback to be applied' },
    );
    await produce([tx(account, 7, 7)]);
    await waitFor(async () => ((await commands()).length === 2 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'a second lock command after the account was cleared',
    });
    expect((await commands()).map((c) => c.decisionId)).toEqual([
      `dec-${account}-evt-5`,
      `dec-${account}-evt-7`,
    ]);
    await stop(engine);
  });

  it('an event delivered twice upstream (two offsets) gets one decision, and is not counted twice', async () => {
    const engine = await start(new RecordingCases());
    const account = uniqueName('resend');
    await produce([tx(account, 1, 1), tx(account, 2, 2)]);
    await produce([tx(account, 2, 2), tx(account, 3, 3)]); // the producer re-sent event 2
    const decisions = await waitForAccount<RiskDecision>(fx, env.TOPIC_DECISIONS, account, 3, {
      what: 'three decisions',
    });
    await waitFor(
      async () =>
        (await metric(engine, 'vigil_risk_duplicate_events_total')) >= 1 ? true : undefined,
      { timeoutMs: 30_000, what: 'the resend to be seen' },
    );
    const settled = (await readTopic<RiskDecision>(fx, env.TOPIC_DECISIONS)).filter(
      (d) => d.accountId === account,
    );
    expect(settled.map((d) => d.eventId).sort()).toEqual(
      [1, 2, 3].map((n) => `${account}-evt-${n}`),
    );
    expect(settled).toHaveLength(decisions.length);
    // Event 3 saw three transactions, not four: the resend changed no state.
    const third = settled.find((d) => d.eventId.endsWith('-evt-3'))!;
    expect(third.reasons.find((r) => r.rule === 'tx-count-account-1h')?.observed).toBe(3);
    await stop(engine);
  });

  it('brute force on one IP sends escalating timed lock commands for that account and IP', async () => {
    const engine = await start(new RecordingCases());
    const account = uniqueName('brute');
    await produce(
      [1, 2, 3, 4, 5].map((n) => failedLogin(account, n)),
      env.TOPIC_LOGINS,
    );
    const commands = await waitForAccount<AccountCommand>(
      fx,
      env.TOPIC_ACCOUNT_COMMANDS,
      account,
      3,
      { what: 'three timed lock commands' },
    );
    // Cognito-style doubling from the third failure: 1 s, 2 s, 4 s, for this IP only.
    expect(commands.map((c) => c.decisionId)).toEqual(
      [3, 4, 5].map((n) => `dec-${account}-login-${n}`),
    );
    const lockSeconds = commands.map(
      (c) => (Date.parse(c.expiresAt!) - Date.parse(c.issuedAt)) / 1000,
    );
    expect(lockSeconds).toEqual([1, 2, 4]);
    for (const command of commands) {
      expect(command).toMatchObject({
        action: 'lock',
        ip: '198.51.100.23',
        issuedBy: 'risk-engine',
      });
    }
    expect(await metric(engine, 'vigil_risk_lock_commands_total')).toBe(3);
    await stop(engine);
  });

  it('a replica that hangs mid-batch while its unit moves to a new replica publishes nothing: each decision once', async () => {
    // An account on unit 1: when a second replica joins, the sticky assignor leaves unit 0 with
    // the first replica and moves unit 1.
    let account = uniqueName('zombie');
    while (defaultPartitionFor(account, 2) !== 1) account = uniqueName('zombie');
    const fast = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, rebalanceTimeoutMs: 8_000 };
    // The zombie raises its cases, then hangs (a stuck socket, a long GC) until we let it go.
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const zombieCases: CaseGateway = {
      raiseCase: async (decision) => {
        await hung;
        return { caseId: decision.accountId };
      },
    };
    const zombie = await start(zombieCases, fast);
    await produce([1, 2, 3].map((n) => tx(account, n, n)));
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    // A second replica joins and takes unit 1: it claims the unit's transactional id (fencing
    // the zombie's), reads the committed offsets and decides the account's events itself.
    const healthy = new RecordingCases();
    await start(healthy, fast);
    const decisions = await waitForAccount<RiskDecision>(fx, env.TOPIC_DECISIONS, account, 3, {
      what: 'decisions from the new owner',
      timeoutMs: 90_000,
    });
    release();
    // Give the zombie time to try (and fail) to publish its stale batch.
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    const after = (await readTopic<RiskDecision>(fx, env.TOPIC_DECISIONS)).filter(
      (d) => d.accountId === account,
    );
    expect(after.map((d) => d.eventId).sort()).toEqual(decisions.map((d) => d.eventId).sort());
    expect(after).toHaveLength(3);
    expect(healthy.raised.map((d) => d.eventId)).toContain(`${account}-evt-3`);
    // Feature state counted each event once although two replicas computed it.
    const third = after.find((d) => d.eventId.endsWith('-evt-3'))!;
    expect(third.reasons.find((r) => r.rule === 'tx-count-account-1h')?.observed).toBe(3);
    await stop(zombie);
  });
});
