import type { Message, Producer } from 'kafkajs';
import type { GeneratedEvent, InboundKind } from './event-mix.ts';

export type TopicsByKind = Record<InboundKind, string>;

function toMessage(generated: GeneratedEvent): Message {
  return { key: generated.event.accountId, value: JSON.stringify(generated.event) };
}

/** Sends events grouped by topic in one request; the producer must be idempotent (acks=all). */
export async function sendAll(
  producer: Producer,
  topics: TopicsByKind,
  events: readonly GeneratedEvent[],
) {
  const byTopic = new Map<string, Message[]>();
  for (const generated of events) {
    const topic = topics[generated.kind];
    const list = byTopic.get(topic) ?? [];
    list.push(toMessage(generated));
    byTopic.set(topic, list);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  });
}

/** Writes `total` events before any consumer starts, so consumers are measured, not the producer. */
export async function preload(
  producer: Producer,
  topics: TopicsByKind,
  total: number,
  next: (index: number) => GeneratedEvent,
): Promise<{ seconds: number }> {
  const started = performance.now();
  for (let sent = 0; sent < total; sent += 2_000) {
    const batch = Array.from({ length: Math.min(2_000, total - sent) }, (_, j) => next(sent + j));
    await sendAll(producer, topics, batch);
  }
  return { seconds: (performance.now() - started) / 1_000 };
}

export interface PacedRun {
  /** performance.now() just before the send that carried each eventId. */
  sentAt: Map<string, number>;
  /** Rate actually achieved (the producer can fall behind on a saturated box). */
  achievedPerSecond: number;
}

/**
 * Produces at a fixed rate: every tick sends the events that are due by now, so the load is
 * open-loop (it does not slow down when the consumer does) and latency includes queueing.
 * Stops early (after the send in flight) when `signal` aborts.
 */
export async function producePaced(
  producer: Producer,
  topics: TopicsByKind,
  options: { perSecond: number; durationMs: number; tickMs?: number; signal?: AbortSignal },
  next: () => GeneratedEvent,
): Promise<PacedRun> {
  const tickMs = options.tickMs ?? 5;
  const sentAt = new Map<string, number>();
  const started = performance.now();
  const total = Math.round((options.perSecond * options.durationMs) / 1_000);
  let sent = 0;
  while (sent < total && options.signal?.aborted !== true) {
    const due = Math.min(
      total,
      Math.floor(((performance.now() - started) * options.perSecond) / 1_000),
    );
    if (due > sent) {
      const batch = Array.from({ length: due - sent }, next);
      const now = performance.now();
      for (const generated of batch) sentAt.set(generated.event.eventId, now);
      await sendAll(producer, topics, batch);
      sent = due;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return { sentAt, achievedPerSecond: (sent * 1_000) / (performance.now() - started) };
}
