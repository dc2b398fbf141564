import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Producer } from 'kafkajs';
import type { RunningStack } from '@vigil/devstack';
import type { DecisionReader } from './decision-reader.ts';
import type { GeneratedEvent } from './event-mix.ts';
import { producePaced, type TopicsByKind } from './kafka-load.ts';
import {
  cpuMsPerEvent,
  rssOf,
  sampleResources,
  stackPids,
  type ResourceUse,
} from './live-resources.ts';
import { stepLatencyFile, stepLatencyLines } from './live-latencies.ts';
import { liveStages, type LiveStages, type StackMetrics } from './live-stages.ts';
import { parsePromText } from './prom-text.ts';
import type { RedisInfoSource } from './redis-cpu.ts';
import { summarize } from './stats.ts';
import {
  judgeStep,
  type BacklogSample,
  type StepBounds,
  type StepMeasurement,
  type StepVerdict,
} from './step-verdict.ts';

/** What every step uses: the running stack, the producer and the reader of its decisions. */
export interface LiveRig {
  stack: RunningStack;
  producer: Producer;
  topics: TopicsByKind;
  reader: DecisionReader;
  redis: RedisInfoSource;
  /** The next events of the traffic, not yet stamped. */
  take(count: number): Promise<GeneratedEvent[]>;
  /** Readies the stack for these events before they are sent (contact preferences). */
  prepare(events: readonly GeneratedEvent[]): Promise<void>;
  stamp(generated: GeneratedEvent, nowMs: number): GeneratedEvent;
  /** eventId of every event sent so far, in order (the run's correctness check reads it). */
  produced: string[];
  signal: AbortSignal;
}

export interface StepPlan {
  label: string;
  perSecond: number;
  warmupSeconds: number;
  seconds: number;
  drainSeconds: number;
  bounds: StepBounds;
  /** Where to write the step's per-event latencies (`--latencies-dir`), if anywhere. */
  latenciesDir?: string;
}

export interface StepResult extends StepMeasurement, ResourceUse {
  /** Events in the measured window (warm-up excluded). */
  events: number;
  /** Decision records that became visible during the measured window, per second. */
  achievedDecisionsPerSecond: number;
  /** How late this process ran its timers while producing (the harness's own queueing). */
  eventLoopDelayP99Ms: number;
  stages: LiveStages;
  verdict: StepVerdict;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stackMetrics(stack: RunningStack): Promise<StackMetrics> {
  const [riskEngine, caseService, notifier] = await Promise.all(
    [stack.riskEngine, stack.caseService, stack.notifier].map(async (s) =>
      parsePromText(await s.metrics()),
    ),
  );
  return { riskEngine: riskEngine!, caseService: caseService!, notifier: notifier! };
}

/**
 * Waits until every id has a decision, `maxSeconds` are up, no decision of them arrived for
 * `stallSeconds`, or the run is aborted.
 */
export async function awaitDecisions(
  reader: DecisionReader,
  ids: readonly string[],
  limits: { maxSeconds: number; stallSeconds: number },
  signal: AbortSignal,
): Promise<void> {
  const deadline = performance.now() + limits.maxSeconds * 1_000;
  const { seenAt } = reader.watcher;
  let pending = ids.filter((id) => !seenAt.has(id));
  let progressAt = performance.now();
  while (pending.length > 0 && performance.now() < deadline && !signal.aborted) {
    if (performance.now() - progressAt > limits.stallSeconds * 1_000) return;
    await sleep(100);
    const before = pending.length;
    pending = pending.filter((id) => !seenAt.has(id));
    if (pending.length < before) progressAt = performance.now();
  }
}

/**
 * One step: a warm-up at the step's rate, then the measured window, both open-loop (the paced
 * producer never waits for decisions), then up to `drainSeconds` for the last decisions.
 * Latency = decision visible to the read_committed reader − the event's send start.
 */
export async function runStep(rig: LiveRig, plan: StepPlan): Promise<StepResult> {
  const { watcher, tally } = rig.reader;
  const warmupCount = Math.round(plan.perSecond * plan.warmupSeconds);
  const queue = await rig.take(warmupCount + Math.round(plan.perSecond * plan.seconds));
  await rig.prepare(queue);
  let next = 0;
  const send = () => {
    const generated = rig.stamp(queue[next++]!, Date.now());
    rig.produced.push(generated.event.eventId);
    return generated;
  };
  const paced = (seconds: number) =>
    producePaced(
      rig.producer,
      rig.topics,
      { perSecond: plan.perSecond, durationMs: seconds * 1_000, signal: rig.signal },
      send,
    );
  const warmup = plan.warmupSeconds > 0 ? await paced(plan.warmupSeconds) : undefined;

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const measured = paced(plan.seconds);
  // Awaited below; a send failing while the snapshots are taken must not be an unhandled rejection.
  measured.catch(() => undefined);
  const startedAt = performance.now();
  const readBefore = tally.read;
  const [metricsBefore, resourcesBefore] = await Promise.all([
    stackMetrics(rig.stack),
    sampleResources(stackPids(rig.stack), rig.redis),
  ]);
  const backlog: BacklogSample[] = [];
  const sampler = setInterval(() => {
    const atMs = performance.now() - startedAt;
    backlog.push({ atMs, backlog: rig.produced.length - watcher.seenAt.size });
  }, 1_000);
  const run = await measured.finally(() => clearInterval(sampler));
  const windowMs = performance.now() - startedAt;
  const decisionsRead = tally.read - readBefore;
  const [metricsAfter, resourcesAfter] = await Promise.all([
    stackMetrics(rig.stack),
    sampleResources(stackPids(rig.stack), rig.redis),
  ]);
  loop.disable();

  const ids = [...(warmup?.sentAt.keys() ?? []), ...run.sentAt.keys()];
  await awaitDecisions(
    rig.reader,
    ids,
    { maxSeconds: plan.drainSeconds, stallSeconds: plan.drainSeconds },
    rig.signal,
  );
  const latencies = [...run.sentAt].flatMap(([id, sentAt]) => {
    const seen = watcher.seenAt.get(id);
    return seen === undefined ? [] : [seen - sentAt];
  });
  if (plan.latenciesDir !== undefined)
    writeFileSync(
      join(plan.latenciesDir, stepLatencyFile(plan.label)),
      stepLatencyLines(run.sentAt, watcher.seenAt, performance.timeOrigin),
    );
  const measurement: StepMeasurement = {
    perSecond: plan.perSecond,
    achievedSendPerSecond: run.achievedPerSecond,
    latency: summarize(latencies),
    missing: run.sentAt.size - latencies.length,
    backlog,
  };
  return {
    ...measurement,
    label: plan.label,
    events: run.sentAt.size,
    achievedDecisionsPerSecond: (decisionsRead * 1_000) / windowMs,
    eventLoopDelayP99Ms: loop.percentile(99) / 1e6,
    stages: liveStages(metricsBefore, metricsAfter),
    cpuMsPerEvent: cpuMsPerEvent(resourcesBefore, resourcesAfter, run.sentAt.size),
    rssBytes: rssOf(resourcesAfter),
    verdict: judgeStep(measurement, plan.bounds),
  };
}
