import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Producer } from 'kafkajs';
import type { GeneratedEvent } from './event-mix.ts';
import { producePaced, type TopicsByKind } from './kafka-load.ts';
import type { OutputWatcher } from './output-watcher.ts';
import { summarize, type Summary } from './stats.ts';

export interface LatencyResult {
  perSecond: number;
  achievedPerSecond: number;
  events: number;
  /** Events whose output never showed up within the drain time. */
  missing: number;
  latency: Summary;
  /** Every matched event's latency (ms), in send order: for pooling several steps. */
  latencies: number[];
  /**
   * p99 event-loop delay of this process while producing: the engine, the producer and the
   * reader share one thread, so a long scoring batch also delays when outputs are read.
   */
  eventLoopDelayP99Ms: number;
}

/**
 * Feeds events at a fixed rate and matches each output to its event by eventId:
 * latency = output read (read_committed) − produce call started, both on this process's clock.
 */
export async function measureLatency(options: {
  producer: Producer;
  topics: TopicsByKind;
  watcher: OutputWatcher;
  perSecond: number;
  durationMs: number;
  next: () => GeneratedEvent;
  drainMs?: number;
}): Promise<LatencyResult> {
  const { watcher } = options;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const paced = await producePaced(options.producer, options.topics, options, options.next);
  loop.disable();
  const ids = [...paced.sentAt.keys()];
  const deadline = performance.now() + (options.drainMs ?? 60_000);
  while (ids.some((id) => !watcher.seenAt.has(id)) && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const latencies = ids.flatMap((id) => {
    const seen = watcher.seenAt.get(id);
    return seen === undefined ? [] : [seen - paced.sentAt.get(id)!];
  });
  return {
    perSecond: options.perSecond,
    achievedPerSecond: paced.achievedPerSecond,
    events: ids.length,
    missing: ids.length - latencies.length,
    latency: summarize(latencies),
    latencies,
    eventLoopDelayP99Ms: loop.percentile(99) / 1e6,
  };
}
