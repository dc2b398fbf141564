import type { Admin, Batch, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { classifyError, VigilError } from '@vigil/errors';
import type { CheckResult, Logger } from '@vigil/observability';
import { createBatchProgress } from './batch-progress.ts';
import { failureEpisode, type FailureEpisode } from './failure-episode.ts';
import { backoffDelayMs, type RetryPolicy } from '@vigil/lifecycle';
import { CONSUMER_RETRY_POLICY } from './consumer-retry-policy.ts';
import { coPartitionedAssigner, decodeAssignmentData } from './co-partitioned-assigner.ts';
import { checkCoPartitioned } from './copartition-check.ts';
import type { ConsumedRecord, RawRecord } from './consumed-record.ts';
import type { Subscription } from './consumer-runner.ts';
import type { DeadLetterReason } from './dead-letter.ts';
import { deadLetterWriter, rawRecordOf } from './dead-letter-writer.ts';
import { decodeKey, decodeRecord, DEFAULT_MAX_RECORD_BYTES } from './decode-record.ts';
import { createEventProducer } from './event-producer.ts';
import { groupConsumerConfig, type GroupTimings } from './group-consumer-config.ts';
import { EventTimeMerge, type BufferedRecord, type MergedBatch } from './event-time-merge.ts';
import { trackMembership } from './membership.ts';
import { consumerMetrics } from './metrics.ts';
import { defaultPartitionFor } from './murmur2-partition.ts';
import { createOffsetCommitCoalescer, type TopicOffsets } from './offset-commit-coalescer.ts';
import { createOffsetCommitFlush } from './offset-commit-flush.ts';
import { orderedMetrics } from './ordered-metrics.ts';
import {
  isPermanentRecordError,
  permanentErrorOf,
  type PermanentRecordError,
} from './permanent-record-error.ts';
import { PoisonIsolation } from './poison-isolation.ts';
import type {
  GroupMember,
  GroupOffsets,
  OutputBatch,
  SourcePosition,
  TransactionalPublisher,
} from './transactional-publisher.ts';

/** Defaults of the ordering bounds (see README "Ordering"). */
export const DEFAULT_ORDER_IDLE_MS = 2;
export const DEFAULT_ORDER_CONFIRM_WAIT_MS = 10;
export const DEFAULT_ORDER_LAG_WAIT_MS = 60_000;
export const DEFAULT_MAX_BUFFERED_PER_PARTITION = 1_000;
/**
 * Default of OrderedConsumerOptions.overlapFromRecords: a merged batch this large means that
 * many records arrived while the last one was decided and committed — the loop is behind.
 */
export const DEFAULT_OVERLAP_FROM_RECORDS = 64;
const DEFAULT_ORDERED_MAX_WAIT_MS = 100;

export interface OrderedBatch<T> {
  /** Records of every unit this consumer owns, merged by event time. */
  records: ConsumedRecord<T>[];
  /** 0 the first time any of these records is handed out, then the retry count. */
  attempt: number;
}

export interface OrderedBatchContext {
  logger: Logger;
  /** False once the unit (partition number) left this consumer or it is stopping. */
  isActive(unit: number): boolean;
}

export interface OrderedBatchResult {
  /**
   * What to publish for each unit (the partition number its records came from): produced in the
   * batch's transaction together with the offsets of every unit of the batch.
   */
  outputs: ReadonlyMap<number, readonly OutputBatch<unknown>[]>;
  /** Called with the units whose transactions committed (the others are retried). */
  onCommitted?: (units: ReadonlySet<number>, committedAt: number) => void;
}

/**
 * Handles one merged batch: resolve = the outputs per unit are ready and every other effect of
 * the records is durable; throw = retry the batch (a PermanentRecordError dead-letters its record
 * and hands the rest over again; a batch failing with another non-retryable error is split until
 * the record it fails on is found and dead-lettered: see PoisonIsolation).
 */
export type OrderedBatchHandler<T> = (
  batch: OrderedBatch<T>,
  ctx: OrderedBatchContext,
) => Promise<OrderedBatchResult>;

export interface OrderedConsumerOptions<T> extends GroupTimings {
  kafka: Kafka;
  groupId: string;
  /**
   * Co-partitioned topics (same partition count, keyed by the same id with the default
   * partitioner), in the order that breaks event-time ties.
   */
  subscriptions: readonly Subscription<T>[];
  /** Epoch ms the merge orders a record by; NaN falls back to its Kafka timestamp. */
  eventTime: (value: T) => number;
  handler: OrderedBatchHandler<T>;
  /**
   * A batch's outputs and the offsets of all its units commit in one transaction of source
   * `slot-<n>`, the producer slot the group leader gave this member (or, with the at-least-once
   * publisher, its offsets through this consumer's group once its outputs are acknowledged).
   */
  publisher: TransactionalPublisher;
  logger: Logger;
  registry: Registry;
  /** See EventTimeMergeOptions.idleMs. Default DEFAULT_ORDER_IDLE_MS. */
  idleMs?: number;
  /**
   * The long poll (ms) of a fetch a buffered record waits for: an empty input counts as caught
   * up for a record only from a fetch sent after the record arrived. Short, so that with idle
   * traffic the record waits about a round trip; not so short that, with traffic, most such
   * fetches come back empty just before the next record. Default DEFAULT_ORDER_CONFIRM_WAIT_MS.
   */
  confirmWaitMs?: number;
  /** See EventTimeMergeOptions.lagWaitMs. Default DEFAULT_ORDER_LAG_WAIT_MS. */
  lagWaitMs?: number;
  /** Largest merged batch handed to the handler. Default 500. */
  maxBatchRecords?: number;
  /**
   * Smallest merged batch whose successor is decided while its transaction commits (records
   * arriving meanwhile are decided at once); a smaller batch waits for its commit first. An
   * overlapped commit takes longer (the next batch holds the thread when its responses arrive;
   * smaller batches, more transactions), which pays only while the loop is behind: from 1 record
   * it measured worse live, from half of maxBatchRecords it came too late to stop the tail of a
   * loop near its limit. Default DEFAULT_OVERLAP_FROM_RECORDS (maxBatchRecords if smaller):
   * test/bench/results/risk-engine-interleaved-1206-2355-overlap64.md.
   */
  overlapFromRecords?: number;
  /**
   * Shortest time between the starts of two merged batches while fewer than maxBatchRecords
   * records are buffered (ms; 0, the default, starts one as soon as the last allows). Each batch
   * is one transaction — five requests to the broker, its log appends and commit markers — so
   * below saturation batches of a handful of records make the transactions, not the events, the
   * broker's and the client's main cost; waiting this long gathers more records per transaction
   * (Kafka Streams' commit.interval.ms under exactly-once). A record waits at most this much more.
   */
  batchIntervalMs?: number;
  /**
   * With a publisher that commits offsets through the group (at-least-once): commit every
   * partition's published offsets in one request at most this often (ms), instead of one request
   * per batch (0, the default). A crash or a rebalance then repeats up to this much of published
   * outputs (identical, deduped downstream); always committed when the consumer stops.
   */
  groupCommitIntervalMs?: number;
  /** Records buffered per input partition before it is paused. Default 1,000. */
  maxBufferedPerPartition?: number;
  /**
   * Most bytes one fetch returns per partition (kafkajs maxBytesPerPartition). Default 256 KiB:
   * with buffers of ~1,000 records there is no point fetching kafkajs's default megabyte, which
   * only makes the buffered records older (and the garbage collector's work larger).
   */
  maxBytesPerPartition?: number;
  maxRecordBytes?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Time spent opening the units' transactions (prepare, before the handler) and committing
   * them (publish, after it), per batch: for the service's own latency breakdown.
   */
  onStage?: (stage: 'prepare' | 'publish', seconds: number) => void;
  /**
   * health() fails once records have waited this long with no batch committed (every transaction
   * refused, every handler call failing): the member is in its group, yet gets nothing done.
   * Default DEFAULT_STALL_MS.
   */
  stallMs?: number;
}

/** See OrderedConsumerOptions.stallMs: past the longest backoff (30 s) plus a batch. */
export const DEFAULT_STALL_MS = 60_000;

export interface OrderedConsumer {
  start(): Promise<void>;
  /** Drains: the batch in flight finishes and commits, then the consumer leaves its group. */
  stop(): Promise<void>;
  /**
   * Running, in its group (not rebalancing, not crashed), its coordinator answers and, while
   * records wait, a batch committed within stallMs; else why and since when (for /readyz).
   */
  health(): Promise<CheckResult>;
  /** Units (partition numbers) this consumer owns now. */
  units(): readonly number[];
}

const IDLE_COMMIT_INTERVAL_MS = 1_000;

/** kafkajs's Batch as the runtime has it (the typings leave these out). */
type FetchedBatch = Batch & {
  fetchedOffset: string;
  lastStableOffset?: string;
  isEmptyDueToFiltering(): boolean;
};
/** When a fetch was sent and when its response came back (the patch's performance.now()). */
interface FetchTimes {
  startedAt: number;
  receivedAt: number;
}
const slotSource = (slot: number) => `slot-${slot}`;

/** How long a claim waits for a previous owner's open transaction to end (its timeout is 30 s). */
const STABLE_OFFSETS_WAIT_MS = 45_000;
const UNSTABLE_OFFSET_COMMIT = 88;

/**
 * One entry per topic and schema: the units' outputs of one topic go out as one list, each
 * message still validated with the schema its unit gave it.
 */
function byTopicAndSchema(outputs: readonly OutputBatch<unknown>[]): OutputBatch<unknown>[] {
  const merged: OutputBatch<unknown>[] = [];
  for (const output of outputs) {
    const i = merged.findIndex((m) => m.topic === output.topic && m.schema === output.schema);
    const seen = merged[i];
    if (seen) merged[i] = { ...seen, messages: [...seen.messages, ...output.messages] };
    else merged.push(output);
  }
  return merged;
}

/**
 * Consume-transform-produce over co-partitioned topics, merged by event time (the Kafka Streams
 * task model): partition p of every input topic is one unit, owned by one member (a custom
 * assigner moves whole units), and all units this consumer owns are merged into one event-time
 * order, so an account's events — and, within one consumer, every account's — are handled in
 * the order they happened whatever topic carried them and however far behind one topic is read.
 * kafkajs only fetches and buffers (paused per partition when its buffer is full); one loop takes
 * merged batches, calls the handler, and commits the batch's outputs with the offsets of all its
 * units' partitions in one Kafka transaction. That transaction is fenced two ways (KIP-447): its
 * offsets carry the member's group generation, which the coordinator refuses once the group moved
 * on (a member that lost units cannot commit for them), and a unit's new owner reads the
 * committed offsets with require_stable, waiting for a transaction that still holds offsets of
 * the unit to end. Each member's producer has a slot the leader assigns (see assignSlots): a
 * replacement takes a dead member's slot and so aborts the transaction it left open at once.
 */
export function createOrderedConsumer<T>(options: OrderedConsumerOptions<T>): OrderedConsumer {
  const retryPolicy: RetryPolicy = { ...CONSUMER_RETRY_POLICY, ...options.retry };
  const maxBatch = options.maxBatchRecords ?? 500;
  const overlapFrom =
    options.overlapFromRecords ?? Math.min(DEFAULT_OVERLAP_FROM_RECORDS, maxBatch);
  const batchInterval = options.batchIntervalMs ?? 0;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const metrics = consumerMetrics(options.registry);
  const ordered = orderedMetrics(options.registry);
  // `kafka`, not `component`: services name their parts with `component`, and a second binding
  // of one key writes it twice in a JSON line (log stores such as Elasticsearch refuse the line).
  const logger = options.logger.child({ kafka: 'ordered-consumer', groupId: options.groupId });
  const topics = options.subscriptions.map((s) => s.topic);
  const schemas = new Map(options.subscriptions.map((s) => [s.topic, s.schema]));
  const ownsProducer = options.deadLetterProducer === undefined;
  const dlq = options.deadLetterProducer ?? createEventProducer(options);
  const confirmWaitMs = options.confirmWaitMs ?? DEFAULT_ORDER_CONFIRM_WAIT_MS;
  const merge = new EventTimeMerge<T>({
    topics,
    idleMs: options.idleMs ?? DEFAULT_ORDER_IDLE_MS,
    lagWaitMs: options.lagWaitMs ?? DEFAULT_ORDER_LAG_WAIT_MS,
    maxBufferedPerInput: options.maxBufferedPerPartition ?? DEFAULT_MAX_BUFFERED_PER_PARTITION,
  });
  const consumer: Consumer = options.kafka.consumer({
    // A partition resumed while a fetch is waiting joins only the next fetch: with the default
    // one-second long poll a merge held back by it could wait a second for nothing.
    ...groupConsumerConfig(options.groupId, {
      ...options,
      maxWaitTimeMs: options.maxWaitTimeMs ?? DEFAULT_ORDERED_MAX_WAIT_MS,
    }),
    partitionAssigners: [
      coPartitionedAssigner(() => ({
        units: [...merge.units()],
        ...(slot === undefined ? {} : { slot }),
        slots: slotsKnown,
      })),
    ],
    maxBytesPerPartition: options.maxBytesPerPartition ?? 256 * 1024,
  });
  const membership = trackMembership(consumer, options.groupId, metrics, logger);
  const progress = createBatchProgress(options.stallMs ?? DEFAULT_STALL_MS);
  // Failures in a row of one kind of step (handler, transaction…): one warning per episode.
  const episodes = new Map<string, FailureEpisode>();
  const episodeOf = (what: string) => {
    let episode = episodes.get(what);
    if (!episode) episodes.set(what, (episode = failureEpisode()));
    return episode;
  };
  /** After `what` succeeded: says so once if it had been failing. */
  const succeeded = (what: string) => {
    if (episodes.get(what)?.recovered()) logger.info(`${what} succeeded again`);
  };
  const groupCommits = createOffsetCommitCoalescer(options.groupCommitIntervalMs ?? 0);
  const commitToGroup = (offsets: TopicOffsets) =>
    consumer.commitOffsets(
      offsets.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, ...p }))),
    );
  // Published offsets of units that then go quiet are committed by this timer.
  const groupFlush = createOffsetCommitFlush({
    commits: groupCommits,
    commit: commitToGroup,
    active: () => running,
    logger,
  });
  const group: GroupOffsets = {
    commit: async (positions) => {
      for (const { topic, partition, nextOffset } of positions)
        groupCommits.handled(topic, partition, nextOffset);
      await groupCommits.commitIfDue(commitToGroup);
      groupFlush.schedule();
    },
  };
  const admin: Admin = options.kafka.admin();

  let partitionCounts = new Map<string, number>();
  let running = false;
  let rebalancing = false;
  let generation = 0;
  /** This member in its current generation: the offsets of its transactions carry it. */
  let member: GroupMember | undefined;
  /** The producer slot the leader gave this member, the most slots known, and the vacant ones. */
  let slot: number | undefined;
  let slotsKnown = 0;
  let vacant: number[] = [];
  /** The slot's producer is registered and the vacant slots fenced, this generation. */
  let slotClaimed = false;
  const claimed = new Set<number>();
  const attempts = new Map<number, number>();
  const isolation = new PoisonIsolation();
  const lastIdleCommit = new Map<number, number>();
  const misrouteWarned = new Set<string>();
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();

  const notify = () => wake?.();
  /**
   * Bumped when what the backoffs were waiting out is over (this member is back in its group):
   * a backoff in progress ends then, instead of sleeping out a delay grown over a broker outage
   * (up to CONSUMER_RETRY_POLICY's 30 s) while the broker is already back.
   */
  let backoffEpoch = 0;
  const endBackoffs = () => {
    attempts.clear();
    isolation.reset();
    backoffEpoch += 1;
    notify();
  };
  /** Sleeps until `until` (new input wakes it to check), the consumer stops or endBackoffs. */
  async function backOffUntil(until: number): Promise<void> {
    const epoch = backoffEpoch;
    while (running && backoffEpoch === epoch && Date.now() < until) await pause(until - Date.now());
  }
  /** Sleeps until `ms` passed or new input arrived (or the consumer is stopping). */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (wake === done) wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      wake = done;
    });

  const writeDeadLetters = deadLetterWriter(dlq, metrics, logger);

  function checkRouting(record: ConsumedRecord<T>): void {
    const count = partitionCounts.get(record.topic);
    if (record.key === null || count === undefined) return;
    if (defaultPartitionFor(record.key, count) === record.partition) return;
    ordered.misrouted.inc({ topic: record.topic });
    const where = `${record.topic}/${record.partition}`;
    if (misrouteWarned.has(where)) return;
    misrouteWarned.add(where);
    logger.warn(
      { topic: record.topic, partition: record.partition, offset: record.offset },
      'record key is not in the partition the default partitioner gives it: its producer does not partition like the other topics, so this account’s events cannot be ordered across topics',
    );
  }

  function applyFlowControl(): void {
    const { pause: full, resume: drained } = merge.flowControl();
    for (const { topic, partition } of full) consumer.pause([{ topic, partitions: [partition] }]);
    for (const { topic, partition } of drained)
      consumer.resume([{ topic, partitions: [partition] }]);
    if (full.length + drained.length > 0) ordered.pausedPartitions.set(merge.paused());
  }

  // The batch objects of a fetch reach eachBatch as they were reported here.
  const fetchedAt = new WeakMap<Batch, number>();

  /** Every partition of every fetch, empty ones included (kafkajs patch). */
  function onFetchedBatch(batch: FetchedBatch, fetch: FetchTimes): void {
    const stable = batch.lastStableOffset;
    const end = BigInt(stable !== undefined && stable !== '-1' ? stable : batch.highWatermark);
    const sentAt = fetch.startedAt;
    if (!batch.isEmpty()) {
      fetchedAt.set(batch, fetch.receivedAt);
      merge.fetched(batch.topic, batch.partition, { end, sentAt });
      return;
    }
    // kafkajs itself moves past a response of only control or aborted records.
    const emptyNext = batch.isEmptyDueToFiltering()
      ? BigInt(batch.lastOffset()) + 1n
      : BigInt(batch.fetchedOffset);
    merge.fetched(batch.topic, batch.partition, { end, emptyNext, sentAt });
    notify();
  }

  /**
   * The long poll of the next fetch: short (confirmWaitMs) while a record waits for a fetch sent
   * after it arrived, so that with idle traffic the wait is about a round trip, not the poll.
   */
  function fetchMaxWait(configured: number): number {
    return merge.awaitsLaterFetch() ? Math.min(configured, confirmWaitMs) : configured;
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const schema = schemas.get(batch.topic);
    if (!schema) throw new Error(`no schema for subscribed topic ${batch.topic}`);
    metrics.consumed.inc({ topic: batch.topic }, batch.messages.length);
    const bad: { raw: RawRecord; reason: DeadLetterReason }[] = [];
    const good: BufferedRecord<T>[] = [];
    const now = Date.now();
    // Every batch passes onFetchedBatch first; were one not to, arriving now only delays it.
    const arrived = fetchedAt.get(batch) ?? performance.now();
    const delay = metrics.consumeDelaySeconds.labels({ topic: batch.topic });
    for (const message of batch.messages) {
      const raw = rawRecordOf(batch, message);
      const decoded = decodeRecord(raw, schema, maxRecordBytes);
      if (!decoded.ok) {
        bad.push({ raw, reason: { code: decoded.code, message: decoded.message } });
        continue;
      }
      const record: ConsumedRecord<T> = { ...raw, key: decodeKey(raw.key), value: decoded.value };
      checkRouting(record);
      const own = options.eventTime(decoded.value);
      const eventTime = Number.isFinite(own) ? own : Number(raw.timestamp);
      // The raw bytes stay with the record: a dead letter carries the original.
      good.push({ record, raw, eventTime, bufferedAt: now, fetchedAt: arrived });
      delay.observe(Math.max(0, now - Number(raw.timestamp)) / 1_000);
    }
    for (let attempt = 1; bad.length > 0; attempt++) {
      try {
        await writeDeadLetters(bad);
        break;
      } catch (error) {
        const classified = classifyError(error);
        metrics.retries.inc({ topic: batch.topic, code: classified.code });
        logger.warn({ err: classified, topic: batch.topic }, 'dead-letter write failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(retryPolicy, attempt)));
        await payload.heartbeat();
        // Lost the partition meanwhile: its next owner reads these records again.
        if (!payload.isRunning() || payload.isStale()) return;
      }
    }
    const last = batch.messages.at(-1);
    if (!last) return;
    merge.add(batch.topic, batch.partition, good, BigInt(batch.lastOffset()) + 1n);
    payload.resolveOffset(last.offset);
    applyFlowControl();
    ordered.buffered.set(merge.buffered());
    ordered.bufferedBytes.set(merge.bufferedBytes());
    notify();
  }

  function onGroupJoin(join: {
    memberAssignment: Record<string, number[]>;
    memberId: string;
    generationId?: number;
    memberUserData?: Buffer;
  }): void {
    const assignment = join.memberAssignment;
    generation += 1;
    rebalancing = false;
    const before = slot;
    const data = decodeAssignmentData(join.memberUserData);
    if (join.generationId === undefined)
      logger.error(
        'kafkajs reported no group generation: patches/kafkajs@2.2.4.patch is not applied; this member cannot commit',
      );
    member =
      join.generationId === undefined
        ? undefined
        : {
            generationId: join.generationId,
            memberId: join.memberId,
            ...(options.groupInstanceId === undefined
              ? {}
              : { groupInstanceId: options.groupInstanceId }),
          };
    if (!data)
      logger.error(
        { generation },
        'the group leader gave this member no producer slot (a member of an older version leads the group): it publishes nothing until a leader of this version assigns one',
      );
    slot = data?.slot;
    slotsKnown = Math.max(slotsKnown, data?.slots ?? 0);
    vacant = data?.vacant ?? [];
    slotClaimed = false;
    const units = [...new Set(topics.flatMap((topic) => assignment[topic] ?? []))].sort(
      (a, b) => a - b,
    );
    const partial = units.filter((unit) => topics.some((t) => !assignment[t]?.includes(unit)));
    if (partial.length > 0)
      logger.error(
        { units: partial, assignment },
        'assigned partitions of a unit without the same partition of every input topic: the input topics are not co-partitioned',
      );
    merge.assign(units, Date.now());
    // kafkajs keeps a partition paused across a rebalance, while the merge starts every input
    // empty and unpaused: a kept partition paused for a full buffer would never be resumed, its
    // records never read again, and the merge would wait ORDER_LAG_WAIT_MS for it, then go past it.
    if (units.length > 0) consumer.resume(topics.map((topic) => ({ topic, partitions: units })));
    claimed.clear();
    // Not committed over a unit's new owner: what was published but not committed yet is
    // published again (by it, or by us after reading the committed offsets).
    groupCommits.discard();
    // A new generation: the failures counted so far were the old one's.
    endBackoffs();
    ordered.pausedPartitions.set(0);
    if (before !== undefined && before !== slot)
      options.publisher
        .release(slotSource(before))
        .catch((error: unknown) =>
          logger.warn({ err: error, slot: before }, 'could not release a previous producer slot'),
        );
    logger.info(
      { units, generation, groupGeneration: join.generationId, slot, vacant },
      'processing units assigned',
    );
    notify();
  }

  /**
   * The group's committed offsets of `units`, once no transaction holds pending offsets for them
   * (require_stable): a previous owner may still be committing past where our consumer started
   * fetching.
   */
  async function stableOffsets(units: readonly number[]) {
    const deadline = Date.now() + STABLE_OFFSETS_WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        // kafkajs patch (patches/kafkajs@2.2.4.patch): OffsetFetch v7 of these partitions only.
        return await admin.fetchOffsets({
          groupId: options.groupId,
          topics,
          requireStable: true,
          partitions: [...units],
        } as Parameters<Admin['fetchOffsets']>[0]);
      } catch (error) {
        const { code, type } = error as { code?: number; type?: string };
        const unstable = code === UNSTABLE_OFFSET_COMMIT || type === 'UNSTABLE_OFFSET_COMMIT';
        if (!unstable || !running || Date.now() > deadline) throw error;
        // Not `pause`: new input would wake it, and ask the coordinator again at fetch rate.
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 10 * 2 ** attempt)));
      }
    }
  }

  /**
   * Units newly assigned (or all of them after this member's producer was fenced): register the
   * slot's producer (fencing a dead predecessor in the slot) and fence the vacant slots, once per
   * generation; then read the units' committed offsets, stable.
   */
  async function claim(units: readonly number[]): Promise<void> {
    const todo = units.filter((unit) => !claimed.has(unit));
    if (todo.length === 0) return;
    // Our own transaction in flight ends before anything is read.
    await settle(await land());
    if (slot === undefined)
      throw new VigilError('NO_PRODUCER_SLOT', 'the group leader gave this member no slot', {
        retryable: true,
      });
    if (!slotClaimed) {
      await options.publisher.prepare(slotSource(slot), true);
      await Promise.all(vacant.map((v) => options.publisher.fence(slotSource(v))));
      slotClaimed = true;
    }
    const owned = todo.filter((unit) => running && merge.owns(unit));
    if (owned.length === 0) return;
    const offsets = await stableOffsets(owned);
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset } of partitions) {
        if (owned.includes(partition) && Number(offset) >= 0)
          merge.committedFromBroker(topic, partition, BigInt(offset));
      }
    }
    for (const unit of owned) claimed.add(unit);
  }

  /**
   * Commits `units`' outputs and offsets in one transaction of this member's slot, the offsets
   * stamped with the generation in which the member was seen to own every one of them.
   */
  async function publishTogether(
    units: readonly number[],
    positions: readonly SourcePosition[],
    outputs: readonly OutputBatch<unknown>[],
  ): Promise<void> {
    const revoked = units.filter((unit) => !running || !merge.owns(unit));
    if (revoked.length > 0)
      throw new VigilError('UNIT_REVOKED', `units ${revoked.join(', ')} left this consumer`, {
        retryable: true,
      });
    // Taken in the same turn as the ownership check: a rebalance seen later cannot pair the
    // units with a newer generation.
    const stamp = member;
    const mine = slot;
    if (mine === undefined || stamp === undefined)
      throw new VigilError('NO_PRODUCER_SLOT', 'this member has no producer slot', {
        retryable: true,
      });
    await options.publisher.publish(
      slotSource(mine),
      positions,
      byTopicAndSchema(outputs),
      group,
      stamp,
    );
  }

  async function publishUnits(
    batch: MergedBatch<T>,
    result: OrderedBatchResult,
  ): Promise<{ committed: Set<number>; failures: { unit: number; error: VigilError }[] }> {
    if (batch.units.length === 0) return { committed: new Set(), failures: [] };
    try {
      await publishTogether(
        batch.units,
        batch.units.flatMap((unit) => batch.positions.get(unit) ?? []),
        batch.units.flatMap((unit) => result.outputs.get(unit) ?? []),
      );
      return { committed: new Set(batch.units), failures: [] };
    } catch (error) {
      const classified = classifyError(error);
      return {
        committed: new Set(),
        failures: batch.units.map((unit) => ({ unit, error: classified })),
      };
    }
  }

  function recordCommitted(batch: MergedBatch<T>, unit: number, committedAt: number): void {
    merge.commit(unit, batch.positions.get(unit) ?? []);
    const byTopic = new Map<string, number>();
    for (const { record, bufferedAt } of batch.records) {
      if (record.partition !== unit) continue;
      byTopic.set(record.topic, (byTopic.get(record.topic) ?? 0) + 1);
      ordered.processingDelay.observe(Math.max(0, committedAt - bufferedAt) / 1_000);
    }
    for (const [topic, count] of byTopic) metrics.processed.inc({ topic }, count);
  }

  async function backoff(units: readonly number[], error: VigilError, what: string) {
    let worst = 0;
    for (const unit of units) {
      const next = (attempts.get(unit) ?? 0) + 1;
      attempts.set(unit, next);
      worst = Math.max(worst, next);
    }
    const delay = backoffDelayMs(retryPolicy, worst);
    for (const topic of topics) metrics.retries.inc({ topic, code: error.code });
    // One warning per cause while it keeps failing (retries at debug), one line when it heals.
    const first = episodeOf(what).failed(error.code);
    logger[first ? 'warn' : 'debug'](
      { err: error, units, attempt: worst, delayMs: delay },
      `${what} failed; retrying`,
    );
    const until = Date.now() + delay;
    await backOffUntil(until);
  }

  async function deadLetter(error: PermanentRecordError, batch: MergedBatch<T>): Promise<void> {
    const { record } = error;
    const item = batch.records.find(
      (r) =>
        r.record.topic === record.topic &&
        r.record.partition === record.partition &&
        r.record.offset === record.offset,
    );
    // Not one of this batch's records: a handler bug, retried like any other failure.
    if (!item) throw error;
    await writeDeadLetters([
      { raw: item.raw, reason: { code: error.code, message: error.message } },
    ]);
    merge.remove(item.record);
  }

  /** Moves committed offsets past dead letters and markers of units with nothing to process. */
  async function idleCommits(now: number): Promise<void> {
    const idle = new Map<number, SourcePosition[]>();
    for (const unit of merge.units()) {
      const positions = merge.idlePositions(unit);
      if (!positions || now - (lastIdleCommit.get(unit) ?? 0) < IDLE_COMMIT_INTERVAL_MS) continue;
      lastIdleCommit.set(unit, now);
      idle.set(unit, positions);
    }
    if (idle.size === 0) return;
    const units = [...idle.keys()];
    try {
      await claim(units);
      await publishTogether(units, [...idle.values()].flat(), []);
      for (const [unit, positions] of idle) merge.commit(unit, positions);
    } catch (error) {
      const classified = classifyError(error);
      if (classified.code === 'PRODUCER_FENCED') reclaimAll();
      logger.warn({ err: classified, units }, 'idle offset commit failed; retrying later');
    }
  }

  /**
   * Fenced while the group still gives us our slot: whoever fenced us is stale (a member of an
   * older generation, or one fencing a slot it saw vacant). Claim again: that registers our
   * producer anew and re-reads the offsets of every unit.
   */
  function reclaimAll(): void {
    slotClaimed = false;
    claimed.clear();
  }

  /** A decided batch whose units' transactions are committing while the next one is decided. */
  let flight: Promise<Set<number>> | undefined;
  /** When the last batch was taken (epoch ms), for batchIntervalMs. */
  let lastBatchAt = -Infinity;

  /** Waits for the batch in flight; returns the units whose transactions failed (released). */
  async function land(): Promise<Set<number>> {
    const landing = flight;
    flight = undefined;
    return landing ? landing : new Set();
  }

  /** Commits a decided batch's units (not `skip`); resolves with the units that failed. */
  async function publish(
    batch: MergedBatch<T>,
    result: OrderedBatchResult,
    skip: ReadonlySet<number>,
    started: number,
  ): Promise<Set<number>> {
    const publishing = Date.now();
    const units = { ...batch, units: batch.units.filter((unit) => !skip.has(unit)) };
    const { committed, failures } = await publishUnits(units, result);
    const committedAt = Date.now();
    options.onStage?.('publish', (committedAt - publishing) / 1_000);
    for (const unit of committed) recordCommitted(batch, unit, committedAt);
    // What each unit's transaction carried, for tracing a record to the commit that covered it.
    if (logger.isLevelEnabled('debug'))
      for (const unit of units.units)
        logger.debug(
          {
            unit,
            committed: committed.has(unit),
            positions: batch.positions.get(unit),
            records: batch.records.filter((r) => r.record.partition === unit).length,
            outputs: (result.outputs.get(unit) ?? []).map((o) => o.messages.length),
          },
          'unit transaction',
        );
    if (committed.size > 0) {
      result.onCommitted?.(committed, committedAt);
      progress.committed(committedAt, merge.buffered() > 0);
    }
    ordered.batchSeconds.observe((committedAt - started) / 1_000);
    for (const { topic, partition, lag } of merge.lag())
      metrics.lag.set({ group: options.groupId, topic, partition: String(partition) }, lag);
    const failed = new Set(failures.map((f) => f.unit));
    if (failures.some(({ error }) => error.code === 'PRODUCER_FENCED')) reclaimAll();
    merge.release([...failed]);
    applyFlowControl();
    ordered.buffered.set(merge.buffered());
    ordered.bufferedBytes.set(merge.bufferedBytes());
    const first = failures[0];
    if (first) {
      for (const topic of topics) metrics.retries.inc({ topic, code: first.error.code });
      // The publisher logs the cause once per episode; a line per retry adds nothing.
      const level = episodeOf('transaction').failed(first.error.code) ? 'warn' : 'debug';
      logger[level](
        { err: first.error, units: [...failed] },
        'transaction failed; its units are retried',
      );
    } else if (committed.size > 0) episodeOf('transaction').recovered();
    return failed;
  }

  /**
   * Decides the batch while the previous one's transactions commit when there is a backlog (two
   * stages: Redis and the rules for batch k+1 overlap the Kafka transactions of batch k). A unit
   * publishes only once
   * its previous batch committed: if that failed, this batch's records of the unit are handed
   * out again too, so a unit's offsets never move past records it did not commit.
   */
  async function runBatch(batch: MergedBatch<T>): Promise<void> {
    const started = Date.now();
    for (const { topic, partition, reason } of batch.forced) {
      ordered.forced.inc({ topic, reason });
      logger.warn(
        { topic, partition, reason },
        'stopped waiting for an input partition: records are processed without it (ordering bound passed)',
      );
    }
    const ctx: OrderedBatchContext = {
      logger,
      isActive: (unit) => running && merge.owns(unit),
    };
    let result: OrderedBatchResult;
    try {
      options.onStage?.('prepare', (Date.now() - started) / 1_000);
      result = await options.handler(
        {
          records: batch.records.map((item) => item.record),
          attempt: Math.max(0, ...batch.units.map((unit) => attempts.get(unit) ?? 0)),
        },
        ctx,
      );
    } catch (error) {
      await settle(await land());
      merge.release(batch.units);
      if (isPermanentRecordError(error)) {
        await deadLetterOrBackOff(error, batch);
        return;
      }
      const classified = classifyError(error);
      if (!classified.retryable && (await isolate(classified, batch))) return;
      await backoff(batch.units, classified, 'handler');
      return;
    }
    isolation.succeeded(batch.records.length);
    succeeded('handler');
    const failed = await land();
    merge.release(batch.units.filter((unit) => failed.has(unit)));
    flight = publish(batch, result, failed, started).then((failures) => {
      for (const unit of batch.units)
        if (!failures.has(unit) && !failed.has(unit)) attempts.delete(unit);
      return failures;
    });
    await settle(failed);
    if (batch.records.length < overlapFrom) await settle(await land());
  }

  /**
   * A non-retryable handler error (see PoisonIsolation): true when the batch was split into
   * single records, or its one record dead-lettered, instead of retried as it is.
   */
  async function isolate(error: VigilError, batch: MergedBatch<T>): Promise<boolean> {
    const attempt = 1 + Math.max(0, ...batch.units.map((unit) => attempts.get(unit) ?? 0));
    const verdict = isolation.failed(batch.records.length, attempt);
    if (verdict === 'retry') return false;
    // Each single record counts its own attempts.
    for (const unit of batch.units) attempts.delete(unit);
    if (verdict === 'isolate') {
      logger.warn(
        { err: error, units: batch.units, records: batch.records.length, attempt },
        'batch keeps failing with a non-retryable error: handing its records out one at a time',
      );
      return true;
    }
    await deadLetterOrBackOff(permanentErrorOf(batch.records[0]!.record, error), batch);
    return true;
  }

  /** Dead-letters the error's record; a failed write backs the batch's units off like a failure. */
  async function deadLetterOrBackOff(
    error: PermanentRecordError,
    batch: MergedBatch<T>,
  ): Promise<void> {
    await deadLetter(error, batch).then(
      () => succeeded('dead-letter write'),
      (failure: unknown) => backoff(batch.units, classifyError(failure), 'dead-letter write'),
    );
  }

  /** After a failed transaction: count the attempt and back off before the units go again. */
  async function settle(failed: ReadonlySet<number>): Promise<void> {
    if (failed.size === 0) return;
    let worst = 0;
    for (const unit of failed) {
      const next = (attempts.get(unit) ?? 0) + 1;
      attempts.set(unit, next);
      worst = Math.max(worst, next);
    }
    const until = Date.now() + backoffDelayMs(retryPolicy, worst);
    await backOffUntil(until);
  }

  async function loop(): Promise<void> {
    while (running) {
      if (rebalancing) {
        await settle(await land());
        await pause(100);
        continue;
      }
      if (merge.buffered() > 0) progress.waiting(Date.now());
      else if (!flight) progress.idle();
      // Units are claimed before anything is taken from them: the claim may find the previous
      // owner committed past where our consumer started fetching, and records it already
      // published must not reach a batch (they would be published twice).
      const unclaimed = merge.units().filter((unit) => !claimed.has(unit));
      if (unclaimed.length > 0) {
        try {
          await claim(unclaimed);
          succeeded('claiming units');
        } catch (error) {
          await backoff(unclaimed, classifyError(error), 'claiming units');
        }
        continue;
      }
      const now = Date.now();
      // Too soon after the last batch: gather more records for this transaction (new input
      // wakes the wait, which ends early once a whole batch is buffered).
      const due = lastBatchAt + batchInterval;
      const limit = isolation.limit(maxBatch);
      const waiting = now < due ? merge.buffered() : 0;
      if (waiting > 0 && waiting < limit) {
        await pause(due - now);
        continue;
      }
      const batch = merge.take(now, limit);
      if (batch.records.length > 0) {
        lastBatchAt = now;
        await runBatch(batch);
        continue;
      }
      const wakeAt = batch.waitUntil ?? now + IDLE_COMMIT_INTERVAL_MS;
      // Nothing to decide yet: whichever comes first, the batch in flight committing (it may
      // free the buffers) or new input, decided while that batch still commits.
      if (flight) {
        const landed = await Promise.race([
          flight.then(() => true),
          pause(wakeAt - Date.now()).then(() => false),
        ]);
        if (landed) {
          notify();
          await settle(await land());
        }
        continue;
      }
      if (batch.held) ordered.held.inc({ reason: batch.held });
      await idleCommits(now);
      await pause(wakeAt - Date.now());
    }
    await land();
  }

  let started = false;
  return {
    async start() {
      if (started) return;
      started = true;
      try {
        await admin.connect();
        partitionCounts = await checkCoPartitioned(admin, topics);
        if (ownsProducer) await dlq.connect();
        consumer.on(consumer.events.REBALANCING, () => {
          rebalancing = true;
        });
        // A rejoin kafkajs gave up on (membership.ts says when) ends without GROUP_JOIN: the
        // member goes on in its generation, which the coordinator just accepted in a heartbeat,
        // so the units and the member stamp are still right and processing resumes.
        consumer.on(consumer.events.HEARTBEAT, () => {
          if (!rebalancing) return;
          rebalancing = false;
          endBackoffs();
        });
        // kafkajs patch: the payload also carries generationId and memberUserData.
        consumer.on(consumer.events.GROUP_JOIN, (event) => onGroupJoin(event.payload));
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
        running = true;
        loopDone = loop().catch((error: unknown) => {
          // The loop only ends on a bug: leave the process up and not ready, loudly.
          running = false;
          logger.error({ err: error }, 'ordered consumer loop failed');
        });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch,
          // kafkajs patch (patches/kafkajs@2.2.4.patch): see onFetchedBatch and fetchMaxWait.
          ...({ vigilOnFetchedBatch: onFetchedBatch, vigilFetchMaxWait: fetchMaxWait } as object),
        });
      } catch (error) {
        started = false;
        running = false;
        notify();
        await consumer.disconnect().catch(() => undefined);
        await admin.disconnect().catch(() => undefined);
        if (ownsProducer) await dlq.disconnect().catch(() => undefined);
        throw classifyError(error);
      }
      logger.info({ topics, partitions: Object.fromEntries(partitionCounts) }, 'consumer started');
    },
    async stop() {
      if (!started) return;
      started = false;
      // Intake first: no new batch starts; the one in flight finishes and commits.
      running = false;
      notify();
      await loopDone;
      groupFlush.cancel();
      await groupCommits.commitAll(commitToGroup).catch((error: unknown) => {
        logger.warn({ err: classifyError(error) }, 'offset commit at stop failed; repeated');
      });
      await consumer.disconnect();
      membership.stopped();
      await admin.disconnect();
      if (ownsProducer) await dlq.disconnect();
      logger.info('consumer stopped');
    },
    health: async () => {
      if (!running) return { ok: false, reason: 'stopped' };
      const member = await membership.health();
      return member.ok ? progress.check(Date.now()) : member;
    },
    units: () => merge.units(),
  };
}
