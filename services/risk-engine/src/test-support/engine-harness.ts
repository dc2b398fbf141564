// The risk engine in-process on the real Kafka broker and Redis, for one integration test file:
// unique topics, group and key prefix; engines started and stopped by the test.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { VigilError } from '@vigil/errors';
import type { RiskDecision } from '@vigil/events';
import { DEFAULT_STALL_MS } from '@vigil/kafka';
import type { RuleSet } from '@vigil/rules';
import {
  createKafkaFixture,
  createRedisFixture,
  uniqueName,
  waitFor,
  type KafkaFixture,
  type RedisFixture,
} from '@vigil/testing';
import type { CaseGateway } from '../app/ports.ts';
import { DEFAULT_CASE_RAISING, type RiskEngineEnv } from '../env.ts';
import { startRiskEngine, type RunningRiskEngine } from '../risk-engine-app.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Records RaiseCase calls; can fail the first N calls like a case-service outage would. */
export class RecordingCases implements CaseGateway {
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

/** Settings one engine of a test overrides (e.g. CASE_RAISING=inline). */
export type EngineSettings = Partial<
  Pick<RiskEngineEnv, 'CASE_RAISING' | 'CASE_RAISER_GROUP_ID' | 'PUBLISH_MODE'>
>;

export interface EngineHarness {
  fx: KafkaFixture;
  env: Parameters<typeof startRiskEngine>[0];
  start(
    cases: CaseGateway,
    tuning?: Parameters<typeof startRiskEngine>[2],
    settings?: EngineSettings,
  ): Promise<RunningRiskEngine>;
  stop(engine: RunningRiskEngine): Promise<void>;
  /** Sum of a metric's values in the engine's registry (those with these labels, when given). */
  metric(engine: RunningRiskEngine, name: string, labels?: Record<string, string>): Promise<number>;
  /** Observations of a histogram by the value of one label. */
  countsBy(engine: RunningRiskEngine, name: string, label: string): Promise<Record<string, number>>;
  produce<T extends { accountId: string }>(topic: string, events: readonly T[]): Promise<void>;
  /** Every value of the topic once it stopped growing (read_committed: aborted records never show). */
  readTopic<T>(topic: string, settleMs?: number): Promise<T[]>;
  /** The same, with where each value sits and its record timestamp (epoch ms). */
  readRecords<T>(topic: string, settleMs?: number): Promise<TopicRecord<T>[]>;
  /** Waits until the topic holds at least `count` values for the account; returns them all. */
  waitForAccount<T extends { accountId: string }>(
    topic: string,
    account: string,
    count: number,
    options: { what: string; timeoutMs?: number },
  ): Promise<T[]>;
}

export interface TopicRecord<T> {
  partition: number;
  offset: string;
  timestamp: number;
  value: T;
  /** The record's headers as text. */
  headers: Record<string, string>;
}

/**
 * Registers beforeAll/afterAll hooks; the harness is ready inside tests. `rules` is the rule set,
 * or a function asked for the one in force at each batch (a rule source).
 */
export function useEngineHarness(rules: RuleSet | (() => RuleSet)): EngineHarness {
  const ruleSet = typeof rules === 'function' ? rules : () => rules;
  let redisFx: RedisFixture | undefined;
  const running: RunningRiskEngine[] = [];
  const registries = new Map<RunningRiskEngine, Registry>();
  const harness = {} as EngineHarness;

  beforeAll(async () => {
    const fx = await createKafkaFixture(
      ['transactions', 'logins', 'account-changes', 'decisions', 'commands', 'feedback'],
      { partitions: 2, withDlq: true },
    );
    redisFx = await createRedisFixture();
    harness.fx = fx;
    harness.env = {
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
      READINESS_STALL_MS: DEFAULT_STALL_MS,
      REDIS_URL: redisFx.url,
      REDIS_KEY_PREFIX: redisFx.keyPrefix,
      SUBJECT_TTL_DAYS: 1,
      CASE_RAISING: DEFAULT_CASE_RAISING,
      CASE_RAISER_GROUP_ID: `${fx.groupId}-cases`,
    } satisfies Partial<RiskEngineEnv>;
  });
  // A test that failed before stopping its engine must not leave it in the shared consumer
  // groups: the next test's engine would get only half the partitions (CI saw a cascade so).
  afterEach(async () => {
    for (const engine of [...running]) await harness.stop(engine);
  });
  afterAll(async () => {
    for (const engine of [...running]) await harness.stop(engine);
    // Optional: a failed beforeAll leaves them unset, and its error is the one to see.
    await redisFx?.cleanup();
    await harness.fx?.cleanup();
  });

  Object.assign(harness, {
    async start(cases: CaseGateway, tuning = {}, settings: EngineSettings = {}) {
      const registry = new Registry();
      const engine = await startRiskEngine(
        { ...harness.env, ...settings },
        { logger, registry, cases, ruleSet },
        tuning,
      );
      registries.set(engine, registry);
      running.push(engine);
      return engine;
    },
    async stop(engine: RunningRiskEngine) {
      for (const step of engine.stopSteps) await step.run();
      running.splice(running.indexOf(engine), 1);
    },
    async metric(engine: RunningRiskEngine, name: string, labels: Record<string, string> = {}) {
      const found = registries.get(engine)?.getSingleMetric(name);
      const matches = (v: { labels: Partial<Record<string, string | number>> }) =>
        Object.entries(labels).every(([label, value]) => String(v.labels[label]) === value);
      return found
        ? (await found.get()).values.filter(matches).reduce((sum, v) => sum + v.value, 0)
        : 0;
    },
    async countsBy(engine: RunningRiskEngine, name: string, label: string) {
      const found = registries.get(engine)?.getSingleMetric(name);
      const counts: Record<string, number> = {};
      for (const v of found ? (await found.get()).values : [])
        if ('metricName' in v && v.metricName === `${name}_count`)
          counts[String(v.labels[label])] = v.value;
      return counts;
    },
    async produce<T extends { accountId: string }>(topic: string, events: readonly T[]) {
      const producer = harness.fx.kafka.producer({ idempotent: true });
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: events.map((e) => ({ key: e.accountId, value: JSON.stringify(e) })),
      });
      await producer.disconnect();
    },
    async readTopic<T>(topic: string, settleMs = 1_500) {
      return (await harness.readRecords<T>(topic, settleMs)).map((record) => record.value);
    },
    async readRecords<T>(topic: string, settleMs = 1_500) {
      const consumer = harness.fx.kafka.consumer({
        groupId: uniqueName('reader'),
        maxWaitTimeInMs: 200,
      });
      const records: TopicRecord<T>[] = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: ({ partition, message }) =>
            Promise.resolve(
              void records.push({
                partition,
                offset: message.offset,
                timestamp: Number(message.timestamp),
                value: JSON.parse(message.value!.toString()) as T,
                headers: Object.fromEntries(
                  Object.entries(message.headers ?? {}).map(([name, v]) => [name, String(v)]),
                ),
              }),
            ),
        });
        let last = -1;
        await waitFor(
          async () => {
            await new Promise((resolve) => setTimeout(resolve, settleMs));
            if (records.length === last) return true;
            last = records.length;
            return undefined;
          },
          { timeoutMs: 60_000, what: `${topic} to settle` },
        );
        return records;
      } finally {
        await consumer.disconnect();
      }
    },
    async waitForAccount<T extends { accountId: string }>(
      topic: string,
      account: string,
      count: number,
      options: { what: string; timeoutMs?: number },
    ) {
      return waitFor(
        async () => {
          const all = (await harness.readTopic<T>(topic)).filter((v) => v.accountId === account);
          return all.length >= count ? all : undefined;
        },
        { timeoutMs: options.timeoutMs ?? 60_000, what: options.what },
      );
    },
  });
  return harness;
}
