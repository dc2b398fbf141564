import { INBOUND_TOPICS, type InboundTopic, type SimulatedRecord } from './ground-truth.ts';

/** Per inbound topic, how far (ms of event time) its records are produced behind the others. */
export type TopicDelays = Partial<Record<InboundTopic, number>>;

export interface TopicDelay {
  /** The records to produce now, given the next one of the time-ordered stream: released held ones first, then it unless it is held. */
  push(record: SimulatedRecord): SimulatedRecord[];
  /** Everything still held, in release order (the end of the stream). */
  flush(): SimulatedRecord[];
  held(): number;
}

interface Held {
  releaseAt: number;
  seq: number;
  record: SimulatedRecord;
}

/**
 * A topic produced late, in event time: a record of a delayed topic is held until the stream's
 * event time (the occurredAt of the record being produced) has passed its own occurredAt by the
 * delay, then goes out just ahead of that record. Being event time, the skew is the same at any
 * pace (a backlog only reorders production; 500 events/s and 50 events/s hold the same records
 * back); being a pure function of the stream, it is deterministic. Records keep their occurredAt.
 */
export function createTopicDelay(delays: TopicDelays): TopicDelay {
  for (const [topic, ms] of Object.entries(delays)) {
    if (!(INBOUND_TOPICS as readonly string[]).includes(topic)) throw new RangeError(`no inbound topic ${topic}`);
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`delay of ${topic} must be a non-negative duration, got ${ms}`);
  }
  const queues = new Map<InboundTopic, Held[]>();
  let seq = 0;
  let heldCount = 0;
  /** The held record released first: earliest release time, then the one held first. */
  const next = (): Held[] | undefined => {
    let best: Held[] | undefined;
    for (const queue of queues.values()) {
      const head = queue[0];
      const top = best?.[0];
      if (head !== undefined && (top === undefined || head.releaseAt < top.releaseAt || (head.releaseAt === top.releaseAt && head.seq < top.seq))) best = queue;
    }
    return best;
  };
  const release = (until: number): SimulatedRecord[] => {
    const out: SimulatedRecord[] = [];
    for (let queue = next(); queue?.[0] !== undefined && queue[0].releaseAt <= until; queue = next()) {
      out.push(queue.shift()!.record);
      heldCount--;
    }
    return out;
  };
  return {
    push: (record) => {
      const at = Date.parse(record.event.occurredAt);
      const out = release(at);
      const delay = delays[record.topic] ?? 0;
      if (delay > 0) {
        const queue = queues.get(record.topic) ?? [];
        queue.push({ releaseAt: at + delay, seq: seq++, record });
        queues.set(record.topic, queue);
        heldCount++;
      } else out.push(record);
      return out;
    },
    flush: () => release(Number.POSITIVE_INFINITY),
    held: () => heldCount,
  };
}

/** `createTopicDelay` over a whole time-ordered stream. */
export function* delayTopics(records: Iterable<SimulatedRecord>, delays: TopicDelays): Generator<SimulatedRecord> {
  const delay = createTopicDelay(delays);
  for (const record of records) yield* delay.push(record);
  yield* delay.flush();
}
