import type { Producer } from 'kafkajs';
import { pino } from 'pino';
import type { RiskDecision } from '@vigil/events';
import { createKafkaClient } from '@vigil/kafka';
import { createMetricsRegistry } from '@vigil/observability';
import { createKafkaFixture, uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import type { MetricValue, Registry } from 'prom-client';
import { createLabelApp, type LabelApp } from '../label-app.ts';
import { startCaseHarness, type CaseHarness } from './case-harness.ts';

// The label slice's integration fixture: the three topics it reads (with .dlq twins) of the
// test's own, a case-service schema of its own, and real label intakes started on them.

export const DECISIONS = 'risk.decisions.v1';
export const FEEDBACK = 'risk.feedback.v1';
export const DISPUTES = 'payments.disputes.v1';
export type LabelTopic = typeof DECISIONS | typeof FEEDBACK | typeof DISPUTES;

export interface LabelFixture {
  kafka: KafkaFixture;
  h: CaseHarness;
  publish(topic: LabelTopic, values: { accountId: string }[]): Promise<void>;
  /** A running label app reading this fixture's topics as `groupId`. */
  startLabels(groupId: string, registry?: Registry): LabelApp;
  /** Resolves once `groupId` has committed every record of the three topics. */
  caughtUp(groupId: string): Promise<void>;
  /** The gauge or counter's current series. */
  metric(registry: Registry, name: string): Promise<MetricValue<string>[]>;
  close(): Promise<void>;
}

const logger = pino({ level: 'silent' });

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A transaction decision decided half an hour ago; override what the test is about. */
export function riskDecision(
  overrides: Partial<RiskDecision> & Pick<RiskDecision, 'decisionId' | 'accountId' | 'outcome'>,
): RiskDecision {
  return {
    schemaVersion: 1,
    eventId: `evt-${overrides.decisionId}`,
    eventType: 'transaction',
    occurredAt: minutesAgo(30),
    decidedAt: minutesAgo(30),
    score: 20,
    reasons: [],
    shadowReasons: [],
    ruleSetVersion: '2026-12-01.1',
    subject: { transactionId: `tx-${overrides.decisionId}` },
    ...overrides,
  };
}

export async function startLabelFixture(): Promise<LabelFixture> {
  const kafka = await createKafkaFixture([DECISIONS, FEEDBACK, DISPUTES], {
    partitions: 2,
    withDlq: true,
  });
  const producer: Producer = kafka.kafka.producer();
  await producer.connect();
  const h = await startCaseHarness();
  const running: LabelApp[] = [];
  return {
    kafka,
    h,
    publish: async (topic, values) => {
      await producer.send({
        topic: kafka.topics[topic]!,
        messages: values.map((value) => ({ key: value.accountId, value: JSON.stringify(value) })),
      });
    },
    startLabels: (groupId, registry = createMetricsRegistry('labels-test')) => {
      const app = createLabelApp({
        pool: h.pg.pool,
        kafka: createKafkaClient({
          clientId: uniqueName('labels'),
          brokers: kafka.brokers,
          logger,
        }),
        logger,
        registry,
        topics: {
          decisions: kafka.topics[DECISIONS]!,
          feedback: kafka.topics[FEEDBACK]!,
          disputes: kafka.topics[DISPUTES]!,
        },
        groupId,
        raiseCase: (command, by) => h.app.cases.raiseCase(command, by),
        refreshMs: 200,
        maxRules: 50,
        topBins: 5,
        retentionDays: 120,
        consumer: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 1_000, maxWaitTimeMs: 200 },
      });
      running.push(app);
      app.start();
      return app;
    },
    caughtUp: (groupId) =>
      waitFor(
        async () => {
          for (const logical of [DECISIONS, FEEDBACK, DISPUTES]) {
            const topic = kafka.topics[logical]!;
            const ends = await kafka.admin.fetchTopicOffsets(topic);
            const [committed] = await kafka.admin.fetchOffsets({ groupId, topics: [topic] });
            for (const end of ends) {
              const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
              if (end.high !== '0' && at !== end.high) return undefined;
            }
          }
          return true;
        },
        { timeoutMs: 45_000, what: `group ${groupId} to commit every record` },
      ).then(() => undefined),
    metric: async (registry, name) => (await registry.getSingleMetric(name)?.get())?.values ?? [],
    close: async () => {
      for (const app of running) await app.stop();
      await producer.disconnect();
      await h.close();
      await kafka.cleanup();
    },
  };
}
