import type { ConsumedRecord, RawRecord } from './consumed-record.ts';

/**
 * Why the merge held its next record back: `unconfirmed` is an input reported caught up only by
 * the fetch that delivered the record, or an earlier one (see FetchReport.sentAt).
 */
export type HoldReason = 'idle' | 'lagging' | 'unknown' | 'unconfirmed';

export interface EventTimeMergeOptions {
  /** The co-partitioned topics, in the order that breaks event-time ties. */
  topics: readonly string[];
  /**
   * How long an input with nothing buffered, but caught up with its partition, holds the next
   * record back (measured from when that record was buffered): room for an upstream that writes
   * the same moment's events a little later on another topic (Kafka Streams max.task.idle.ms).
   */
  idleMs: number;
  /**
   * How long an input that is known to have unread records (or has not been fetched yet) holds
   * the merge back before records are processed without it (then counted as forced).
   */
  lagWaitMs: number;
  /** Records buffered per input before it is paused (bounds memory under a one-topic stall). */
  maxBufferedPerInput: number;
}

export interface BufferedRecord<T> {
  record: ConsumedRecord<T>;
  /** The record as read (original bytes), for a dead letter. */
  raw: RawRecord;
  /** Epoch ms the merge orders by (the event's own time). */
  eventTime: number;
  /** Epoch ms the record entered the buffer. */
  bufferedAt: number;
  /** When the fetch that delivered the record returned (the fetch clock: see FetchReport). */
  fetchedAt: number;
}

/** What one fetch response said about one input partition. */
export interface FetchReport {
  /** The partition's last stable offset (high watermark if unknown). */
  end: bigint;
  /**
   * Given when the response held nothing to deliver: where reading continues (past control or
   * aborted records). Records it did hold arrive through `add`.
   */
  emptyNext?: bigint;
  /**
   * When the fetch was sent, on the clock of BufferedRecord.fetchedAt (monotonic ms). A fetch
   * reads its partitions one after another, so the one that delivers a record can report another
   * partition caught up just before an earlier write lands there (one produce request to both,
   * or a transaction's markers written one partition at a time). Only a fetch sent after the
   * record arrived is evidence that nothing written before it is missing.
   */
  sentAt: number;
}

export interface InputPosition {
  topic: string;
  partition: number;
  /** Next offset to read: everything before it is processed, dead-lettered or a control record. */
  nextOffset: string;
}

export interface MergedBatch<T> {
  /** Records in merged order: event time, then topic order, partition and offset. */
  records: BufferedRecord<T>[];
  /** Units (partition numbers) the records belong to, ascending. */
  units: number[];
  /** Per unit, where each of its inputs stands once these records are done. */
  positions: Map<number, InputPosition[]>;
  /** Set when the batch stopped early waiting for an input: when to look again (epoch ms). */
  waitUntil?: number;
  held?: HoldReason;
  /** Inputs the merge stopped waiting for (lag bound passed) while forming this batch. */
  forced: { topic: string; partition: number; reason: HoldReason }[];
}

interface Input<T> {
  /** Bytes of the values in queue[head..], kept as records come and go. */
  bytes: number;
  /** Records after head handed out in a batch not committed yet (never handed out twice). */
  inflight: number;
  topic: string;
  partition: number;
  order: number;
  queue: BufferedRecord<T>[];
  head: number;
  /** Next offset the consumer fetches; records before it are buffered or done. */
  position?: bigint;
  /** The partition's last stable offset (high watermark if unknown) at the latest fetch. */
  end?: bigint;
  /** FetchReport.sentAt of that fetch. */
  reportSentAt?: number;
  committed?: bigint;
  /** Since when the merge has been waiting for this input while it was lagging or unknown. */
  waitingSince?: number;
  assignedAt: number;
  paused: boolean;
}

const key = (topic: string, partition: number) => `${partition}\u0000${topic}`;

function before<T>(
  a: BufferedRecord<T>,
  ai: Input<T>,
  b: BufferedRecord<T>,
  bi: Input<T>,
): boolean {
  if (a.eventTime !== b.eventTime) return a.eventTime < b.eventTime;
  if (ai.order !== bi.order) return ai.order < bi.order;
  if (ai.partition !== bi.partition) return ai.partition < bi.partition;
  return BigInt(a.record.offset) < BigInt(b.record.offset);
}

/**
 * The buffers of every input partition this consumer owns, merged by event time: the next
 * record is always the earliest buffered one, taken only once every input without a buffered
 * record is known not to hold an earlier one (caught up, by a fetch sent after the record
 * arrived, for `idleMs`) or the wait for it has passed `lagWaitMs`. Pure: time comes in as
 * arguments, so ordering is testable without Kafka.
 */
export class EventTimeMerge<T> {
  private inputs = new Map<string, Input<T>>();
  private list: Input<T>[] = [];
  private ownedUnits: number[] = [];
  private readonly topicOrder: Map<string, number>;

  constructor(private readonly options: EventTimeMergeOptions) {
    this.topicOrder = new Map(options.topics.map((topic, i) => [topic, i]));
  }

  /** A new assignment: buffers start empty (the consumer refetches from committed offsets). */
  assign(units: readonly number[], now: number): void {
    const previous = this.inputs;
    this.inputs = new Map();
    for (const unit of units) {
      for (const topic of this.options.topics) {
        const committed = previous.get(key(topic, unit))?.committed;
        const input: Input<T> = {
          topic,
          partition: unit,
          order: this.topicOrder.get(topic)!,
          queue: [],
          head: 0,
          bytes: 0,
          inflight: 0,
          assignedAt: now,
          paused: false,
        };
        if (committed !== undefined) input.committed = committed;
        this.inputs.set(key(topic, unit), input);
      }
    }
    this.list = [...this.inputs.values()];
    this.ownedUnits = [...units].sort((a, b) => a - b);
  }

  units(): readonly number[] {
    return this.ownedUnits;
  }

  owns(unit: number): boolean {
    return this.inputs.has(key(this.options.topics[0]!, unit));
  }

  /** A fetch response for the partition (every partition of every fetch, empty ones too). */
  fetched(topic: string, partition: number, report: FetchReport): void {
    const input = this.inputs.get(key(topic, partition));
    if (!input) return;
    const { end, emptyNext } = report;
    input.end = end;
    input.reportSentAt = report.sentAt;
    if (emptyNext !== undefined && (input.position === undefined || emptyNext > input.position))
      input.position = emptyNext;
    if (input.position !== undefined && input.position >= end) input.waitingSince = undefined;
  }

  /** Records fetched for the partition, in offset order; `next` is the offset after them. */
  add(topic: string, partition: number, records: readonly BufferedRecord<T>[], next: bigint): void {
    const input = this.inputs.get(key(topic, partition));
    if (!input) return;
    const floor = maxOf(input.position, input.committed);
    for (const item of records) {
      // A refetch after a rebalance or a retried fetch: what is buffered or done stays once.
      if (floor !== undefined && BigInt(item.record.offset) < floor) continue;
      input.queue.push(item);
      input.bytes += item.raw.value?.length ?? 0;
    }
    if (input.position === undefined || next > input.position) input.position = next;
    if (input.queue.length > input.head) input.waitingSince = undefined;
  }

  /**
   * Takes up to `max` records in merged order, after those already in flight. Nothing is removed
   * until `commit`; `release` hands a failed unit's records out again.
   */
  take(now: number, max: number): MergedBatch<T> {
    const cursor = new Map<Input<T>, number>();
    const at = (input: Input<T>) => cursor.get(input) ?? input.head + input.inflight;
    const records: BufferedRecord<T>[] = [];
    const forced: MergedBatch<T>['forced'] = [];
    const forcedInputs = new Set<Input<T>>();
    let waitUntil: number | undefined;
    let held: HoldReason | undefined;
    const hold = (until: number, reason: HoldReason) => {
      if (waitUntil === undefined || until < waitUntil) waitUntil = until;
      held ??= reason;
    };
    while (records.length < max) {
      let best: BufferedRecord<T> | undefined;
      let bestInput: Input<T> | undefined;
      for (const input of this.list) {
        const candidate = input.queue[at(input)];
        if (candidate && (!best || before(candidate, input, best, bestInput!))) {
          best = candidate;
          bestInput = input;
        }
      }
      if (!best || !bestInput) break;
      let ready = true;
      for (const input of this.list) {
        if (at(input) < input.queue.length) continue;
        const state = this.stateOf(input, best.fetchedAt);
        if (state === 'caught-up') {
          const until = best.bufferedAt + this.options.idleMs;
          if (now < until) {
            ready = false;
            hold(until, 'idle');
          }
          continue;
        }
        input.waitingSince ??= now;
        const until = Math.max(input.waitingSince, input.assignedAt) + this.options.lagWaitMs;
        if (now < until) {
          ready = false;
          hold(until, state);
        } else if (!forcedInputs.has(input)) {
          forcedInputs.add(input);
          forced.push({ topic: input.topic, partition: input.partition, reason: state });
        }
      }
      if (!ready) break;
      records.push(best);
      cursor.set(bestInput, at(bestInput) + 1);
    }
    const units = [...new Set(records.map((r) => r.record.partition))].sort((a, b) => a - b);
    const positions = new Map(units.map((unit) => [unit, this.positionsOf(unit, at)]));
    for (const [input, next] of cursor) input.inflight = next - input.head;
    const batch: MergedBatch<T> = { records, units, positions, forced };
    if (waitUntil !== undefined) batch.waitUntil = waitUntil;
    if (held !== undefined) batch.held = held;
    return batch;
  }

  /**
   * The unit's records up to `positions` are durable (their outputs and offsets committed):
   * drop them from the buffers and remember the committed offsets.
   */
  commit(unit: number, positions: readonly InputPosition[]): void {
    for (const position of positions) {
      const input = this.inputs.get(key(position.topic, position.partition));
      if (!input || input.partition !== unit) continue;
      this.setCommitted(input, BigInt(position.nextOffset));
    }
  }

  /** The units' batches failed: every record of theirs in flight is handed out again. */
  release(units: readonly number[]): void {
    for (const unit of units)
      for (const topic of this.options.topics) {
        const input = this.inputs.get(key(topic, unit));
        if (input) input.inflight = 0;
      }
  }

  /** Offsets the group has committed (read from the broker after a unit changed hands). */
  committedFromBroker(topic: string, partition: number, nextOffset: bigint): void {
    const input = this.inputs.get(key(topic, partition));
    if (input) this.setCommitted(input, maxOf(input.committed, nextOffset)!);
  }

  /** A record that can never be processed left through the dead-letter topic. */
  remove(record: ConsumedRecord<T>): void {
    const input = this.inputs.get(key(record.topic, record.partition));
    if (!input) return;
    const index = input.queue.findIndex(
      (item, i) => i >= input.head && item.record.offset === record.offset,
    );
    if (index < 0) return;
    input.bytes -= input.queue[index]!.raw.value?.length ?? 0;
    input.queue.splice(index, 1);
    input.inflight = 0;
  }

  /**
   * Positions to commit for a unit that has nothing buffered but read past records it will never
   * hand out (dead letters, transaction markers); undefined when there is nothing to move.
   */
  idlePositions(unit: number): InputPosition[] | undefined {
    let moved = false;
    for (const topic of this.options.topics) {
      const input = this.inputs.get(key(topic, unit));
      if (!input || input.queue.length > input.head) return undefined;
      if (input.position !== undefined && (input.committed ?? 0n) < input.position) moved = true;
    }
    return moved ? this.positionsOf(unit, (input) => input.head) : undefined;
  }

  /** Inputs to pause (buffer full) and to resume (drained to half), updating their state. */
  flowControl(): { pause: InputPosition[]; resume: InputPosition[] } {
    const pause: InputPosition[] = [];
    const resume: InputPosition[] = [];
    const limit = this.options.maxBufferedPerInput;
    for (const input of this.list) {
      const size = input.queue.length - input.head;
      const at = { topic: input.topic, partition: input.partition, nextOffset: '' };
      if (!input.paused && size >= limit) {
        input.paused = true;
        pause.push(at);
      } else if (input.paused && size <= limit / 2) {
        input.paused = false;
        resume.push(at);
      }
    }
    return { pause, resume };
  }

  /** Records buffered, waiting for their turn. */
  buffered(): number {
    let total = 0;
    for (const input of this.list) total += input.queue.length - input.head;
    return total;
  }

  /** Bytes of the buffered records' values (what a stalled input makes the others hold). */
  bufferedBytes(): number {
    let total = 0;
    for (const input of this.list) total += input.bytes;
    return total;
  }

  /** Input partitions paused because their buffer is full. */
  paused(): number {
    return this.list.filter((input) => input.paused).length;
  }

  /** Records between each input's committed offset and the end of its partition (lag). */
  lag(): { topic: string; partition: number; lag: number }[] {
    return this.list.flatMap((input) =>
      input.end === undefined || input.committed === undefined
        ? []
        : [
            {
              topic: input.topic,
              partition: input.partition,
              lag: Math.max(0, Number(input.end - input.committed)),
            },
          ],
    );
  }

  /**
   * Whether a buffered record waits for a fetch sent after it arrived (some input without one is
   * known caught up only from an earlier fetch): the consumer then keeps that fetch's long poll
   * short instead of leaving the record to wait for new input or the poll's end.
   */
  awaitsLaterFetch(): boolean {
    let latest = -Infinity;
    for (const input of this.list) {
      const last = input.queue.at(-1);
      if (last && input.head + input.inflight < input.queue.length)
        latest = Math.max(latest, last.fetchedAt);
    }
    if (latest === -Infinity) return false;
    return this.list.some(
      (input) =>
        input.head + input.inflight >= input.queue.length &&
        this.stateOf(input, latest) === 'unconfirmed',
    );
  }

  /** Where an input with nothing buffered stands for a record its fetch returned at `fetchedAt`. */
  private stateOf(input: Input<T>, fetchedAt: number): 'caught-up' | HoldReason {
    if (input.position === undefined || input.end === undefined) return 'unknown';
    if (input.position < input.end) return 'lagging';
    return input.reportSentAt! > fetchedAt ? 'caught-up' : 'unconfirmed';
  }

  private positionsOf(unit: number, at: (input: Input<T>) => number): InputPosition[] {
    const positions: InputPosition[] = [];
    for (const topic of this.options.topics) {
      const input = this.inputs.get(key(topic, unit));
      if (!input) continue;
      const next = input.queue[at(input)];
      const offset = next ? BigInt(next.record.offset) : input.position;
      if (offset !== undefined)
        positions.push({ topic, partition: unit, nextOffset: offset.toString() });
    }
    return positions;
  }

  private setCommitted(input: Input<T>, committed: bigint): void {
    input.committed = committed;
    let head = input.head;
    while (head < input.queue.length && BigInt(input.queue[head]!.record.offset) < committed) {
      input.bytes -= input.queue[head]!.raw.value?.length ?? 0;
      head += 1;
    }
    input.inflight = Math.max(0, input.inflight - (head - input.head));
    input.head = head;
    // Compact now and then instead of shifting on every commit.
    if (input.head > 1_024 && input.head * 2 > input.queue.length) {
      input.queue = input.queue.slice(input.head);
      input.head = 0;
    }
  }
}

function maxOf(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
