import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import { classifyError } from '@vigil/errors';
import type { CheckResult, Logger } from '@vigil/observability';
import { backoffDelayMs, type RetryPolicy } from '@vigil/lifecycle';
import { CONSUMER_RETRY_POLICY } from './consumer-retry-policy.ts';
import type { BatchHandler, FetchHandler } from './batch-handler.ts';
import type { ConsumedRecord, RawRecord, RecordHeaders } from './consumed-record.ts';
import { createFetchRounds } from './fetch-rounds.ts';
import type { DeadLetterReason } from './dead-letter.ts';
import { deadLetterWriter, rawRecordOf } from './dead-letter-writer.ts';
import { createOffsetCommitCoalescer, type TopicOffsets } from './offset-commit-coalescer.ts';
import { createOffsetCommitFlush } from './offset-commit-flush.ts';
import { failureEpisode } from './failure-episode.ts';
import { decodeKey, decodeRecord, DEFAULT_MAX_RECORD_BYTES } from './decode-record.ts';
import { createEventProducer } from './event-producer.ts';
import { groupConsumerConfig, type GroupTimings } from './group-consumer-config.ts';
import { consumerMetrics } from './metrics.ts';
import {
  isPermanentRecordError,
  permanentErrorOf,
  type PermanentRecordError,
} from './permanent-record-error.ts';
import { PoisonIsolation } from './poison-isolation.ts';
import { trackMembership } from './membership.ts';

export interface Subscription<T> {
  /** The real topic name (tests pass unique names). */
  topic: string;
  schema: ZodType<T>;
  /**
   * Records this consumer can tell from their headers it has nothing to do with (e.g. a decision
   * outcome it does not act on): not decoded, not handed to the handler, committed with the
   * slice, so a consumer that acts on few records does not decode the rest only to drop them.
   */
  skip?: (headers: RecordHeaders) => boolean;
}

export interface ConsumerRunnerSettings<T> extends GroupTimings {
  kafka: Kafka;
  groupId: string;
  subscriptions: readonly Subscription<T>[];
  logger: Logger;
  registry: Registry;
  retry?: Partial<RetryPolicy>;
  /** Largest slice of a fetched batch handed to the handler (and committed) at once. Default 500. */
  maxBatchRecords?: number;
  /** Records larger than this are dead-lettered unread. Default 256 KiB. */
  maxRecordBytes?: number;
  /**
   * Partitions processed at the same time. Default 3; with a `fetchHandler` every partition batch
   * of a fetch is (default FETCH_SCOPE_CONCURRENCY), so that they all join its call.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Who commits the group offset of handled records. `runner` (default): the runner commits after
   * the handler resolved. `handler`: the handler commits the offset after its last record itself,
   * inside its Kafka transaction (consume-transform-produce); the runner then only commits when a
   * slice ends in records the handler never saw (dead letters), saving a round trip per batch.
   */
  offsetCommits?: 'runner' | 'handler';
  /**
   * `runner` commits: the handled offsets of every partition go in one OffsetCommit at most this
   * often (default DEFAULT_COMMIT_INTERVAL_MS; 0 = after every slice), and always when stopping.
   * The handler must be idempotent on redelivery: a crash or a rebalance redelivers up to this
   * much of handled records.
   */
  commitIntervalMs?: number;
}

/**
 * How the handler is called: `handler` once per partition batch, or `fetchHandler` once per fetch
 * with the records of all its partition batches (runner commits only): a handler paying a
 * transaction per call then pays one per fetch, not one per partition, which with many partitions
 * and light traffic is most of its cost.
 */
export type RunnerHandler<T> =
  | { handler: BatchHandler<T>; fetchHandler?: undefined }
  | { fetchHandler: FetchHandler<T>; handler?: undefined };

export type ConsumerRunnerOptions<T> = ConsumerRunnerSettings<T> & RunnerHandler<T>;

/** kafkajs workers of a runner with a fetchHandler: more than the partitions a member usually holds. */
export const FETCH_SCOPE_CONCURRENCY = 64;

/** The group, fetch and commit settings a service hands the runners off its decision path. */
export type RunnerTimings = Pick<
  ConsumerRunnerSettings<unknown>,
  | 'sessionTimeoutMs'
  | 'heartbeatIntervalMs'
  | 'rebalanceTimeoutMs'
  | 'maxWaitTimeMs'
  | 'minBytes'
  | 'commitIntervalMs'
>;

/** See ConsumerRunnerOptions.commitIntervalMs (Kafka's own consumers default to 5 s). */
export const DEFAULT_COMMIT_INTERVAL_MS = 1_000;

export interface ConsumerRunner {
  /** Connects, subscribes and starts consuming; resolves once the run loop is started. */
  start(): Promise<void>;
  /** Drains: no new batches, the in-flight slice finishes and commits, then disconnects. */
  stop(): Promise<void>;
  /** True when the consumer is in its group, not crashed, and the group coordinator answers. */
  isReady(): Promise<boolean>;
  /** The same, with the reason and start of a failure (for /readyz). */
  health(): Promise<CheckResult>;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The processing loop every service uses: decode → dead-letter the bad → handler → commit.
 * At-least-once: an offset is committed only after the handler resolved and dead letters were
 * acknowledged; a retryable failure stalls the partition with backoff, never skips it.
 */
export function createConsumerRunner<T>(options: ConsumerRunnerOptions<T>): ConsumerRunner {
  const retryPolicy: RetryPolicy = { ...CONSUMER_RETRY_POLICY, ...options.retry };
  const maxBatchRecords = options.maxBatchRecords ?? 500;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const metrics = consumerMetrics(options.registry);
  const { handler: partitionHandler, fetchHandler } = options;
  if ((partitionHandler === undefined) === (fetchHandler === undefined))
    throw new Error('a consumer runner takes one of handler and fetchHandler');
  if (fetchHandler !== undefined && options.offsetCommits === 'handler')
    throw new Error(
      'a fetchHandler commits through the runner: offsetCommits handler is per partition',
    );
  // `kafka`, not `component`: services name their parts with `component`, and a second binding
  // of one key writes it twice in a JSON line (log stores such as Elasticsearch refuse the line).
  const logger = options.logger.child({ kafka: 'consumer-runner', groupId: options.groupId });
  const schemas = new Map(options.subscriptions.map((s) => [s.topic, s.schema]));
  const skips = new Map(options.subscriptions.map((s) => [s.topic, s.skip]));
  const ownsProducer = options.deadLetterProducer === undefined;
  const dlq = options.deadLetterProducer ?? createEventProducer(options);
  const consumer: Consumer = options.kafka.consumer(groupConsumerConfig(options.groupId, options));
  const membership = trackMembership(consumer, options.groupId, metrics, logger);

  const writeDeadLetters = deadLetterWriter(dlq, metrics, logger);

  let started = false;
  const commits = createOffsetCommitCoalescer(
    options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS,
  );
  const commitThrough = (payload: EachBatchPayload) => async (topics: TopicOffsets) => {
    await payload.commitOffsetsIfNecessary({ topics });
    metrics.offsetCommits.inc({ group: options.groupId });
  };
  const commitOutsideBatch = async (topics: TopicOffsets) => {
    await consumer.commitOffsets(
      topics.flatMap(({ topic, partitions }) => partitions.map((p) => ({ topic, ...p }))),
    );
    metrics.offsetCommits.inc({ group: options.groupId });
  };
  // Handled offsets of partitions that then go quiet are committed by this timer.
  const flush = createOffsetCommitFlush({
    commits,
    commit: commitOutsideBatch,
    active: () => started,
    logger,
  });
  // A rejoined member starts from the committed offsets: what was handled but not committed yet
  // is redelivered (to it or the partition's new owner), never committed over a newer owner's.
  // No flush when the rebalance starts: kafkajs would retry it into the new generation.
  consumer.on(consumer.events.GROUP_JOIN, () => commits.discard());

  /** What a retry waits on: the partitions whose records it holds (one, or a fetch's). */
  interface RetryScope {
    /** For the logs: the topic and partition, or the topics of a fetch. */
    where: { topic: string; partition?: number } | { topics: string[] };
    heartbeat: () => Promise<void>;
    /** False once a partition was lost or the runner is stopping. */
    active: () => boolean;
  }
  const scopeOf = (payload: EachBatchPayload): RetryScope => ({
    where: { topic: payload.batch.topic, partition: payload.batch.partition },
    heartbeat: () => payload.heartbeat(),
    active: () => payload.isRunning() && !payload.isStale(),
  });

  /** Sleeps in heartbeat-sized steps; false when a partition was lost or the runner is stopping. */
  async function pauseForRetry(ms: number, scope: RetryScope): Promise<boolean> {
    const step = Math.max(50, Math.min(ms, options.heartbeatIntervalMs ?? 3_000));
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!scope.active()) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(step, until - Date.now())));
      await scope.heartbeat();
    }
    return scope.active();
  }

  /** Retries `work` with backoff until it succeeds or a partition is gone (→ false). */
  async function untilDone(
    what: string,
    scope: RetryScope,
    work: (attempt: number) => Promise<void>,
  ) {
    const { where } = scope;
    // A fetch's failure stalled every topic it held: one retry counted for each.
    const stalled = 'topic' in where ? [where.topic] : where.topics;
    // One warning per cause while it lasts (a case-service outage retried every few seconds on
    // every partition was a warning per retry), the retries at debug, one line when it heals.
    const episode = failureEpisode();
    for (let attempt = 0; ; attempt++) {
      try {
        await work(attempt);
        if (episode.recovered())
          logger.info({ ...where, attempts: attempt + 1 }, `${what} succeeded again`);
        return true;
      } catch (error) {
        const classified = classifyError(error);
        for (const topic of stalled) metrics.retries.inc({ topic, code: classified.code });
        const delay = backoffDelayMs(retryPolicy, attempt + 1);
        logger[episode.failed(classified.code) ? 'warn' : 'debug'](
          {
            ...where,
            attempt: attempt + 1,
            delayMs: delay,
            code: classified.code,
            err: classified,
          },
          `${what} failed; retrying`,
        );
        if (!(await pauseForRetry(delay, scope))) return false;
      }
    }
  }

  /** A decoded partition slice on its way to the handler. */
  interface Slice {
    payload: EachBatchPayload;
    /** Its valid records not dead-lettered (yet). */
    pending(): ConsumedRecord<T>[];
    /** Dead-letters one of its records (no-op for a record it does not hold or already did). */
    deadLetter(error: PermanentRecordError): Promise<void>;
    holds(record: ConsumedRecord): boolean;
  }

  /**
   * Hands records to the handler until it resolves: a PermanentRecordError dead-letters that one
   * record (if one of these slices holds it) and the rest go again; anything else is retried (a
   * non-retryable error after a few attempts record by record, see PoisonIsolation).
   */
  function handleUntilDone(
    scope: RetryScope,
    slices: readonly Slice[],
    call: (
      records: ConsumedRecord<T>[],
      attempt: number,
      deadLetter: (error: PermanentRecordError) => Promise<void>,
    ) => Promise<void>,
  ): Promise<boolean> {
    const deadLetter = async (error: PermanentRecordError) =>
      slices.find((slice) => slice.holds(error.record))?.deadLetter(error);
    // A non-retryable error that names no record: the records go one at a time after a few
    // attempts, and the one that still fails alone is dead-lettered (see PoisonIsolation).
    const isolation = new PoisonIsolation();
    const handledAlone = new Set<ConsumedRecord<T>>();
    let failedInARow = 0;
    return untilDone('handler', scope, async (attempt) => {
      for (;;) {
        const pending = slices
          .flatMap((slice) => slice.pending())
          .filter((record) => !handledAlone.has(record));
        if (pending.length === 0) return;
        const records = pending.slice(0, isolation.limit(pending.length));
        try {
          metrics.handlerCalls.inc({ group: options.groupId });
          await call(records, attempt, deadLetter);
          failedInARow = 0;
          isolation.succeeded(records.length);
          if (records.length === pending.length) return;
          for (const record of records) handledAlone.add(record);
        } catch (error) {
          // One record can never succeed: dead-letter it and hand the rest over again.
          if (isPermanentRecordError(error) && slices.some((s) => s.holds(error.record))) {
            await deadLetter(error);
            continue;
          }
          const classified = classifyError(error);
          if (classified.retryable) throw error;
          failedInARow += 1;
          const verdict = isolation.failed(records.length, failedInARow);
          if (verdict === 'retry') throw error;
          failedInARow = 0;
          if (verdict === 'isolate') {
            logger.warn(
              { ...scope.where, err: classified, records: records.length },
              'batch keeps failing with a non-retryable error: handing its records out one at a time',
            );
            continue;
          }
          await deadLetter(permanentErrorOf(records[0]!, classified));
        }
      }
    });
  }

  /** `fetchHandler`: the slices of one fetch, handled in one call. */
  const fetchRounds = createFetchRounds(async (slices: Slice[]) => {
    if (fetchHandler === undefined) throw new Error('fetch rounds need a fetchHandler');
    const handler = fetchHandler;
    const scopes = slices.map((slice) => scopeOf(slice.payload));
    const scope: RetryScope = {
      where: { topics: [...new Set(slices.map((s) => s.payload.batch.topic))].sort() },
      // One member's heartbeat: any slice's does.
      heartbeat: () => scopes[0]?.heartbeat() ?? Promise.resolve(),
      active: () => scopes.every((s) => s.active()),
    };
    return handleUntilDone(scope, slices, (records, attempt, deadLetter) =>
      handler(records, {
        attempt,
        logger,
        heartbeat: scope.heartbeat,
        isActive: scope.active,
        deadLetter,
      }),
    );
  });

  async function processSlice(
    payload: EachBatchPayload,
    messages: KafkaMessage[],
  ): Promise<boolean> {
    const { batch } = payload;
    const schema = schemas.get(batch.topic);
    if (!schema) throw new Error(`no schema for subscribed topic ${batch.topic}`);
    const skip = skips.get(batch.topic);
    const raws = new Map<string, RawRecord>();
    const bad: { raw: RawRecord; reason: DeadLetterReason }[] = [];
    const valid: ConsumedRecord<T>[] = [];
    for (const message of messages) {
      if (skip?.(message.headers ?? {})) continue;
      const raw = rawRecordOf(batch, message);
      raws.set(raw.offset, raw);
      const decoded = decodeRecord(raw, schema, maxRecordBytes);
      if (!decoded.ok) bad.push({ raw, reason: { code: decoded.code, message: decoded.message } });
      else valid.push({ ...raw, key: decodeKey(raw.key), value: decoded.value });
    }
    const retryScope = scopeOf(payload);
    if (!(await untilDone('dead-letter write', retryScope, () => writeDeadLetters(bad))))
      return false;

    const deadLettered = new Set<string>();
    const slice: Slice = {
      payload,
      pending: () => valid.filter((record) => !deadLettered.has(record.offset)),
      holds: (record) =>
        record.topic === batch.topic &&
        record.partition === batch.partition &&
        raws.has(record.offset),
      deadLetter: async (error) => {
        const raw = raws.get(error.record.offset);
        if (!raw || deadLettered.has(raw.offset)) return;
        await writeDeadLetters([{ raw, reason: { code: error.code, message: error.message } }]);
        deadLettered.add(raw.offset);
      },
    };
    // Measured once, when the slice first reaches the handler: retries are not delivery delay.
    const delay = metrics.consumeDelaySeconds.labels({ topic: batch.topic });
    const reachedAt = Date.now();
    for (const record of valid)
      delay.observe(Math.max(0, reachedAt - Number(record.timestamp)) / 1_000);
    let handledThrough: string | undefined;
    const handled =
      partitionHandler === undefined
        ? await fetchRounds.join(slice)
        : await handleUntilDone(retryScope, [slice], async (records, attempt, deadLetter) => {
            await partitionHandler(records, {
              topic: batch.topic,
              partition: batch.partition,
              attempt,
              logger,
              heartbeat: retryScope.heartbeat,
              isActive: retryScope.active,
              deadLetter,
            });
            handledThrough = records[records.length - 1]?.offset;
          });
    if (!handled) return false;

    const last = messages[messages.length - 1];
    if (!last) return true;
    const next = (BigInt(last.offset) + 1n).toString();
    payload.resolveOffset(last.offset);
    // A failed commit (rebalance, coordinator moved) propagates to kafkajs, which rejoins; the
    // slice is then redelivered: at-least-once, never lost.
    if (options.offsetCommits === 'handler') {
      // Immediately: a later commit of this offset could land after the handler's own
      // transaction committed a newer one and move the group back.
      if (handledThrough !== last.offset) {
        await commitThrough(payload)([
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] },
        ]);
      }
    } else {
      commits.handled(batch.topic, batch.partition, next);
      if (payload.isRunning()) await commits.commitIfDue(commitThrough(payload));
      else await commits.commitAll(commitThrough(payload));
      flush.schedule();
    }
    metrics.processed.inc({ topic: batch.topic }, messages.length - bad.length - deadLettered.size);
    metrics.lag.set(
      { group: options.groupId, topic: batch.topic, partition: String(batch.partition) },
      Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))),
    );
    await payload.heartbeat();
    return true;
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const stopTimer = metrics.batchSeconds.startTimer({ topic: batch.topic });
    metrics.consumed.inc({ topic: batch.topic }, batch.messages.length);
    // Nothing of this batch is committed yet: a partition stalled on it (a dependency down) shows
    // its backlog as of this fetch, not the lag after its last successful batch.
    const first = batch.firstOffset();
    if (first !== null)
      metrics.lag.set(
        { group: options.groupId, topic: batch.topic, partition: String(batch.partition) },
        Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(first))),
      );
    try {
      for (const slice of chunks(batch.messages, maxBatchRecords)) {
        if (!payload.isRunning() || payload.isStale()) return;
        if (!(await processSlice(payload, slice))) return;
      }
    } finally {
      stopTimer();
    }
  }

  return {
    start: async () => {
      if (started) return;
      started = true;
      try {
        if (ownsProducer) await dlq.connect();
        await consumer.connect();
        await consumer.subscribe({
          topics: [...schemas.keys()],
          fromBeginning: options.fromBeginning ?? true,
        });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently:
            options.partitionsConsumedConcurrently ??
            (fetchHandler === undefined ? 3 : FETCH_SCOPE_CONCURRENCY),
          eachBatch,
        });
      } catch (error) {
        // Leave nothing half-open: the caller may retry start() once the broker is back.
        started = false;
        await consumer.disconnect().catch(() => undefined);
        if (ownsProducer) await dlq.disconnect().catch(() => undefined);
        throw classifyError(error);
      }
      logger.info({ topics: [...schemas.keys()] }, 'consumer started');
    },
    stop: async () => {
      if (!started) return;
      started = false;
      // Partitions idle since their last batch; an in-flight batch commits its own slice when
      // it ends (the consumer is no longer running then).
      flush.cancel();
      await commits.commitAll(commitOutsideBatch).catch((error: unknown) => {
        logger.warn({ err: classifyError(error) }, 'offset commit at stop failed; redelivered');
      });
      // disconnect() stops fetching, waits for in-flight eachBatch calls, then leaves the group.
      await consumer.disconnect();
      membership.stopped();
      if (ownsProducer) await dlq.disconnect();
      logger.info('consumer stopped');
    },
    isReady: () => membership.isReady(),
    health: () => membership.health(),
  };
}
