import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { classifyError } from '@vigil/errors';
import type { ConsumerRunner, RunnerTimings } from '@vigil/kafka';
import { backoffDelayMs, PollingLoop } from '@vigil/lifecycle';
import { createLabelIntakeConsumer, type LabelTopics } from './adapters/kafka-label-intake.ts';
import { createPgLabelStore } from './adapters/pg-label-store.ts';
import type { CaseUseCases } from './app/case-use-cases.ts';
import { ingestLabels } from './app/ingest-labels.ts';
import type { LabelStore } from './app/ports.ts';
import { qualityRefresh } from './app/rule-quality-report.ts';
import { createLabelMetrics } from './label-metrics.ts';

export interface LabelAppOptions {
  pool: pg.Pool;
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
  topics: LabelTopics;
  groupId: string;
  /** case-service's own RaiseCase: fraud disputes attach to the account's case through it. */
  raiseCase: CaseUseCases['raiseCase'];
  refreshMs: number;
  maxRules: number;
  topBins: number;
  retentionDays: number;
  /** Group timings (tests shorten them). */
  consumer?: RunnerTimings;
}

export interface LabelApp {
  store: LabelStore;
  quality: PollingLoop;
  /** Starts the quality loop, and the intake consumer in the background (Kafka may be down). */
  start(): void;
  /** True once the intake consumer runs and is in its group. */
  intakeReady(): Promise<boolean>;
  stop(): Promise<void>;
}

const START_RETRY = { initialDelayMs: 500, maxDelayMs: 10_000, jitter: 0.5 };

/**
 * Labels: the intake consumer (decisions → ledger, answers and disputes → evidence, fraud
 * disputes → alerts) and the loop that refreshes the per-rule quality gauges. Cases are served
 * whether or not Kafka is up: the intake waits for it without holding start-up.
 */
export function createLabelApp(options: LabelAppOptions): LabelApp {
  const logger = options.logger.child({ component: 'labels' });
  const store = createPgLabelStore(options.pool);
  const metrics = createLabelMetrics(options.registry);
  const quality = new PollingLoop({
    name: 'rule-quality',
    intervalMs: options.refreshMs,
    logger,
    onError: () => metrics.refreshFailures.inc(),
    tick: qualityRefresh({
      labels: store,
      clock: () => new Date(),
      sink: metrics.sink,
      maxRules: options.maxRules,
      topBins: options.topBins,
      retentionDays: options.retentionDays,
    }),
  });
  const deps = {
    labels: store,
    raiseCase: options.raiseCase,
    clock: () => new Date(),
    counters: metrics.counters,
  };
  let stopped = false;
  let runner: ConsumerRunner | undefined;
  let starting: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function startIntake(): Promise<void> {
    for (let attempt = 1; !stopped; attempt += 1) {
      const candidate = createLabelIntakeConsumer({
        kafka: options.kafka,
        groupId: options.groupId,
        logger,
        registry: options.registry,
        topics: options.topics,
        ingest: (records) => ingestLabels(deps, records),
        ...options.consumer,
      });
      try {
        await candidate.start();
        runner = candidate;
        return;
      } catch (error) {
        // A runner starts once: a failed one is stopped and replaced.
        await candidate.stop().catch(() => undefined);
        const delayMs = backoffDelayMs(START_RETRY, attempt);
        logger.warn(
          { err: classifyError(error), attempt, delayMs },
          'label intake not started; retrying',
        );
        // stop() ends the wait at once: shutdown never waits out a backoff.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  return {
    store,
    quality,
    start: () => {
      quality.start();
      starting ??= startIntake();
    },
    intakeReady: () => runner?.isReady() ?? Promise.resolve(false),
    stop: async () => {
      stopped = true;
      wake?.();
      await starting;
      await runner?.stop();
      await quality.stop();
    },
  };
}
