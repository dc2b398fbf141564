import type { RecordSink } from './adapters/record-sink.ts';
import type { InboundTopic } from './domain/ground-truth.ts';
import { simulate, type SimulateOptions } from './simulate.ts';

export interface SimulationStats {
  events: number;
  attackEvents: number;
  byTopic: Record<InboundTopic, number>;
  episodes: number;
  firstOccurredAt: string | null;
  lastOccurredAt: string | null;
  elapsedMs: number;
}

/** Pipes `simulate(options)` into a sink (flushing before pacing pauses) and counts what went out. */
export async function runSimulation(options: SimulateOptions, sink: RecordSink, onProgress?: (stats: SimulationStats) => void): Promise<SimulationStats> {
  const startedAt = Date.now();
  const stats: SimulationStats = {
    events: 0,
    attackEvents: 0,
    byTopic: { 'payments.transactions.v1': 0, 'identity.logins.v1': 0, 'identity.account-changes.v1': 0 },
    episodes: 0,
    firstOccurredAt: null,
    lastOccurredAt: null,
    elapsedMs: 0,
  };
  const episodes = new Set<string>();
  for await (const record of simulate({ ...options, beforeWait: () => sink.flush() })) {
    await sink.write(record);
    stats.events++;
    stats.byTopic[record.topic]++;
    if (record.label.label === 'attack') stats.attackEvents++;
    if (record.label.episodeId !== null) episodes.add(record.label.episodeId);
    // ISO instants of one format compare as strings; a delayed topic is emitted out of time order.
    if (stats.firstOccurredAt === null || record.event.occurredAt < stats.firstOccurredAt) stats.firstOccurredAt = record.event.occurredAt;
    if (stats.lastOccurredAt === null || record.event.occurredAt > stats.lastOccurredAt) stats.lastOccurredAt = record.event.occurredAt;
    if (onProgress && stats.events % 10_000 === 0) onProgress({ ...stats, episodes: episodes.size, elapsedMs: Date.now() - startedAt });
  }
  await sink.close();
  return { ...stats, episodes: episodes.size, elapsedMs: Date.now() - startedAt };
}
