import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { RiskDecision } from '@vigil/events';
import type { CaseGateway } from '@vigil/risk-engine/src/app/ports.ts';
import { startRiskEngine, type RunningRiskEngine } from '@vigil/risk-engine/src/risk-engine-app.ts';
import type { RuleSet } from '@vigil/rules';
import {
  createRedisFixture,
  uniqueName,
  type KafkaFixture,
  type RedisFixture,
} from '@vigil/testing';

/**
 * case-service is out of the engine measurement (it is benchmarked on its own): RaiseCase is
 * acknowledged at once, so the number is Kafka + Redis + rules, not a gRPC hop to PostgreSQL.
 */
export class InstantCases implements CaseGateway {
  raised = 0;
  raiseCase(decision: RiskDecision): Promise<{ caseId: string }> {
    this.raised += 1;
    return Promise.resolve({ caseId: `bench-${decision.accountId}` });
  }
}

export interface EngineUnderTest {
  engine: RunningRiskEngine;
  registry: Registry;
  cases: InstantCases;
  redis: RedisFixture;
  /** Sum of a counter over all its labels (0 when it was never incremented). */
  counter(name: string): Promise<number>;
  /** Where the engine's time and decisions went, from its own metrics. */
  diagnostics(): Promise<EngineDiagnostics>;
  stop(): Promise<void>;
}

export interface EngineDiagnostics {
  outcomes: Record<string, number>;
  topRules: { rule: string; hits: number }[];
  scoringBatches: number;
  /** Mean of vigil_risk_scoring_seconds (feature-store round trip + rule evaluation per batch). */
  meanScoringMs: number;
  /** Mean of vigil_risk_redis_seconds (one feature-store pipeline/script call). */
  meanRedisMs: number;
}

// Histogram values carry the series name (…_sum, …_count, …_bucket); prom-client types omit it.
type Values = {
  value: number;
  labels: Record<string, string | number | undefined>;
  metricName?: string;
}[];

async function valuesOf(registry: Registry, name: string): Promise<Values> {
  const metric = registry.getSingleMetric(name);
  return metric ? (await metric.get()).values : [];
}

function histogramMeanMs(values: Values, name: string): { count: number; meanMs: number } {
  const total = (suffix: string) =>
    values.filter((v) => v.metricName === `${name}${suffix}`).reduce((s, v) => s + v.value, 0);
  const count = total('_count');
  return { count, meanMs: count === 0 ? Number.NaN : (total('_sum') * 1_000) / count };
}

async function diagnose(registry: Registry): Promise<EngineDiagnostics> {
  const outcomes: Record<string, number> = {};
  for (const v of await valuesOf(registry, 'vigil_risk_decisions_total')) {
    const outcome = String(v.labels.outcome);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + v.value;
  }
  const topRules = (await valuesOf(registry, 'vigil_risk_rule_hits_total'))
    .filter((v) => v.labels.mode === 'enforce')
    .map((v) => ({ rule: String(v.labels.rule), hits: v.value }))
    .sort((a, b) => b.hits - a.hits)
    .slice(0, 5);
  const scoring = histogramMeanMs(
    await valuesOf(registry, 'vigil_risk_scoring_seconds'),
    'vigil_risk_scoring_seconds',
  );
  const redis = histogramMeanMs(
    await valuesOf(registry, 'vigil_risk_redis_seconds'),
    'vigil_risk_redis_seconds',
  );
  return {
    outcomes,
    topRules,
    scoringBatches: scoring.count,
    meanScoringMs: scoring.meanMs,
    meanRedisMs: redis.meanMs,
  };
}

export interface EngineTopics {
  transactions: string;
  logins: string;
  accountChanges: string;
  decisions: string;
  commands: string;
  feedback: string;
}

/** Starts the real risk engine on the fixture's topics with a fresh group and Redis prefix. */
export async function startEngineUnderTest(
  fx: KafkaFixture,
  topics: EngineTopics,
  options: {
    ruleSet: RuleSet;
    logger: Logger;
    partitions: number;
    partitionsConcurrency: number;
    maxBatchRecords: number;
  },
): Promise<EngineUnderTest> {
  const redis = await createRedisFixture();
  const registry = new Registry();
  const cases = new InstantCases();
  const groupId = uniqueName('bench-engine');
  const engine = await startRiskEngine(
    {
      KAFKA_BROKERS: fx.brokers,
      GROUP_ID: groupId,
      FEEDBACK_GROUP_ID: `${groupId}-feedback`,
      TRANSACTIONAL_ID_PREFIX: uniqueName('bench-engine-tx'),
      TOPIC_TRANSACTIONS: topics.transactions,
      TOPIC_LOGINS: topics.logins,
      TOPIC_ACCOUNT_CHANGES: topics.accountChanges,
      TOPIC_DECISIONS: topics.decisions,
      TOPIC_ACCOUNT_COMMANDS: topics.commands,
      TOPIC_FEEDBACK: topics.feedback,
      CREATE_TOPICS: false,
      TOPIC_PARTITIONS: options.partitions,
      PARTITIONS_CONCURRENCY: options.partitionsConcurrency,
      MAX_BATCH_RECORDS: options.maxBatchRecords,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      SUBJECT_TTL_DAYS: 1,
    },
    { logger: options.logger, registry, cases, ruleSet: () => options.ruleSet },
  );
  return {
    engine,
    registry,
    cases,
    redis,
    counter: async (name) => {
      const metric = registry.getSingleMetric(name);
      if (!metric) return 0;
      const { values } = await metric.get();
      return values.reduce((sum, v) => sum + v.value, 0);
    },
    diagnostics: () => diagnose(registry),
    stop: async () => {
      for (const step of engine.stopSteps) await step.run();
      await redis.cleanup();
    },
  };
}
