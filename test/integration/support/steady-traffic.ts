import type { Producer } from 'kafkajs';
import type { GeneratedEvent } from '../../bench/lib/event-mix.ts';
import { sendAll, type TopicsByKind } from '../../bench/lib/kafka-load.ts';

export interface SteadyTraffic {
  /** performance.now() just before the first attempt to send each eventId. */
  sentAt: Map<string, number>;
  /** eventIds in the order they were sent. */
  produced: string[];
  /** Sends that failed and were attempted again (a broker outage). */
  resends: number;
  /** Stops after the send in flight; resolves when the loop ended. */
  stop(): Promise<void>;
}

/**
 * Sends `events` at a fixed rate, open-loop, until they run out or `stop`. Unlike the bench's
 * producePaced, a failed send (the broker is down) is attempted again with the same events until
 * it goes through: the producer is idempotent, and what falls due meanwhile is sent with it once
 * the broker is back, so an outage delays events but never drops one.
 */
export function startSteadyTraffic(options: {
  producer: Producer;
  topics: TopicsByKind;
  events: readonly GeneratedEvent[];
  perSecond: number;
  /** Stamps the event when it is sent (occurredAt = now, in the account's order). */
  stamp: (event: GeneratedEvent, nowMs: number) => GeneratedEvent;
}): SteadyTraffic {
  const sentAt = new Map<string, number>();
  const produced: string[] = [];
  let stopped = false;
  let resends = 0;
  const started = performance.now();
  const loop = (async () => {
    let next = 0;
    while (!stopped && next < options.events.length) {
      const due = Math.min(
        options.events.length,
        Math.floor(((performance.now() - started) * options.perSecond) / 1_000),
      );
      if (due > next) {
        const now = performance.now();
        const batch = options.events
          .slice(next, due)
          .map((event) => options.stamp(event, Date.now()));
        for (const { event } of batch) {
          sentAt.set(event.eventId, now);
          produced.push(event.eventId);
        }
        next = due;
        for (;;) {
          try {
            await sendAll(options.producer, options.topics, batch);
            break;
          } catch {
            resends += 1;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    sentAt,
    produced,
    get resends() {
      return resends;
    },
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
