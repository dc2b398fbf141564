import type { Kafka, Producer, TopicMessages, Transaction } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import { classifyError, VigilError } from '@vigil/errors';
import { backoffDelayMs, type RetryPolicy } from '@vigil/lifecycle';
import type { Logger } from '@vigil/observability';
import { encodeMessages, type OutgoingMessage } from './encode-messages.ts';
import { failureEpisode, type FailureEpisode } from './failure-episode.ts';
import { logPublishFailure, type PublishFailureCode } from './publish-failure.ts';
import { inCauses } from './kafka-error-causes.ts';
import { isCoordinatorBusy, isOutputRefused } from './output-refusal.ts';
import { producerMetrics, type ProducerMetrics } from './metrics.ts';
import { JAVA_COMPATIBLE_PARTITIONER } from './murmur2-partition.ts';

/** A consumed position the outputs belong to: committed for the group in the same transaction. */
export interface SourcePosition {
  topic: string;
  partition: number;
  /** Offset of the next record to read (last processed offset + 1). */
  nextOffset: string;
}

/**
 * The consumer group membership offsets are committed through when they do not ride in a
 * transaction (the at-least-once publisher): the broker refuses a commit from a member whose
 * generation has moved on, so a unit lost in a rebalance cannot move its new owner's offsets.
 */
export interface GroupOffsets {
  commit(positions: readonly SourcePosition[]): Promise<void>;
}

/**
 * The consumer group member whose units a transaction commits offsets for (KIP-447): the group
 * coordinator refuses the offsets, and the transaction aborts, once the group has moved to a
 * newer generation than this one, so a member that lost units in a rebalance it has not seen
 * yet cannot commit for them, whatever transactional id it uses.
 */
export interface GroupMember {
  generationId: number;
  memberId: string;
  /** A static member's id (KIP-345): with it the coordinator fences a replaced instance. */
  groupInstanceId?: string;
}

export interface OutputBatch<T> {
  topic: string;
  schema: ZodType<T>;
  messages: readonly OutgoingMessage<T>[];
}

export interface TransactionalPublisher {
  /**
   * Opens the transaction of `source`: a stable name for what one consumer owns at a time (an
   * input partition, `<topic>-<partition>`, or a consumer's producer slot, `slot-<n>`), whose
   * transactional id is `<prefix>-<source>`. Call it when a batch starts, before any state
   * changes: kafkajs registers the transactional id with the broker on the first transaction,
   * so a consumer that later loses the source holds an older epoch and is fenced by the new
   * owner, instead of fencing the new owner when it finally publishes. `fresh` is true for the
   * first batch since the source was assigned: only then may a fenced publisher claim it again
   * (a retry after being fenced means the source belongs to someone else now); after `release`,
   * only a fresh claim creates its producer again.
   */
  prepare(source: string, fresh: boolean): Promise<void>;
  /**
   * Produces every output and commits `positions` for the group: atomically, in one transaction
   * however many partitions the source reads (read_committed consumers see all or nothing), or,
   * for the at-least-once publisher, through `group` once every output is acknowledged. With
   * `member`, the offsets carry its group generation (see GroupMember).
   */
  publish(
    source: string,
    positions: readonly SourcePosition[],
    outputs: readonly OutputBatch<unknown>[],
    group?: GroupOffsets,
    member?: GroupMember,
  ): Promise<void>;
  /**
   * Fences whoever last used the transactional id of `source` (aborting a transaction it left
   * open) without keeping a producer for it: for ids no live member uses any more.
   */
  fence(source: string): Promise<void>;
  /** Aborts and disconnects the producer of a source this consumer no longer owns. */
  release(source: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionalPublisherOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable per service: the transactional id of a source is `<prefix>-<source>`. */
  transactionalIdPrefix: string;
  registry: Registry;
  logger: Logger;
  /**
   * Kafka's transaction protocol (KIP-890): 2 lets the broker add partitions and offsets to the
   * transaction itself (two requests fewer per transaction), 1 is the classic one, 'auto' (the
   * default) takes 2 where the cluster's transaction.version allows it (Kafka 4.0 on).
   */
  transactionVersion?: TransactionVersion;
}

export type TransactionVersion = 1 | 2 | 'auto';

interface Slot {
  producer: Producer;
  transaction: Transaction | undefined;
  fenced: boolean;
}

// After these the producer can never commit again: a newer owner of the transactional id fenced
// it, or the broker no longer knows its epoch. kafkajs 2.2 predates PRODUCER_FENCED (90), which
// it reports as an unknown protocol error, so the numeric code is checked too.
const FATAL_TYPES = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_TXN_STATE',
  'UNKNOWN_PRODUCER_ID',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);
const FATAL_CODES = new Set([47, 48, 59, 90]);

// The group moved on from the generation the offsets were sent with (KIP-447): this member no
// longer owns what it was committing, or not yet in the new generation. The producer stays
// usable; the batch is aborted and goes again once the member has rejoined.
const STALE_MEMBER_TYPES = new Set([
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'REBALANCE_IN_PROGRESS',
  'FENCED_INSTANCE_ID',
]);

// The next transaction of a partition usually starts while the broker still writes the previous
// one's commit markers, and is refused with CONCURRENT_TRANSACTIONS for a millisecond or two.
// kafkajs's default first retry (300 ms) turned that into a 300 ms stall, and even 10 ms doubled
// a back-to-back transaction on one id on loopback (15 ms per cycle, 6-7 ms with 1 ms: measured
// with produce + sendOffsets + commit, 300 cycles). The retry doubles from 1 ms, so an outage
// still backs off to a second within ten attempts. Retries are bounded (~6 s in all): a failed
// transaction is aborted and its batch redone by the consumer anyway, while unbounded retries
// kept a publish — and the stop() draining it — inside kafkajs for as long as the coordinator
// refused the id (for ever once it is wedged, see isCoordinatorBusy).
const TRANSACTION_RETRY = {
  initialRetryTime: 1,
  maxRetryTime: 1_000,
  retries: 15,
};

const CONCURRENT_TRANSACTIONS = 51;
const CONCURRENT_RETRIES = 12;
/** Deliberately in single milliseconds and without jitter: the refusal lasts about that long. */
const CONCURRENT_RETRY: RetryPolicy = { initialDelayMs: 1, maxDelayMs: 256, jitter: 0 };

/**
 * The coordinator refuses a step of the next transaction (AddPartitionsToTxn, AddOffsetsToTxn;
 * on protocol v2 the Produce or TxnOffsetCommit that adds the partition or the offsets)
 * with CONCURRENT_TRANSACTIONS while it still writes the previous one's commit markers — a
 * millisecond or two on a busy broker. kafkajs retries that inside commit but not inside
 * sendOffsets, where it aborted the whole batch (and the consumer backed off a hundred
 * milliseconds or more). The refused request changed nothing, so it is sent again, from 1 ms
 * doubling to ~1 s in all; anything else, or a refusal past that, fails the transaction.
 */
async function whileConcurrent<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const { code, type } = error as { code?: number; type?: string };
      const concurrent = code === CONCURRENT_TRANSACTIONS || type === 'CONCURRENT_TRANSACTIONS';
      if (!concurrent || attempt >= CONCURRENT_RETRIES) throw error;
      await new Promise((resolve) =>
        setTimeout(resolve, backoffDelayMs(CONCURRENT_RETRY, attempt + 1)),
      );
    }
  }
}

/**
 * Validates and encodes the outputs that have messages, before anything is sent: an invalid
 * output is a bug, not an outage, and nothing of the batch may go out with it.
 */
export function encodeOutputs(
  outputs: readonly OutputBatch<unknown>[],
  metrics: ProducerMetrics,
): TopicMessages[] {
  return outputs
    .filter((output) => output.messages.length > 0)
    .map((output) => ({
      topic: output.topic,
      messages: encodeMessages(output.topic, output.schema, output.messages, (code) =>
        metrics.errors.inc({ topic: output.topic, code }),
      ),
    }));
}

function byTopic(positions: readonly SourcePosition[]) {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, nextOffset } of positions) {
    const partitions = topics.get(topic) ?? [];
    partitions.push({ partition, offset: nextOffset });
    topics.set(topic, partitions);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

const isStaleMember = (error: unknown) =>
  inCauses(error, ({ type }) => STALE_MEMBER_TYPES.has(type ?? ''));

function failureCode(error: unknown, fatal: boolean): PublishFailureCode {
  if (fatal) return 'PRODUCER_FENCED';
  if (isStaleMember(error)) return 'GROUP_MEMBER_STALE';
  if (isOutputRefused(error)) return 'OUTPUT_REFUSED';
  if (isCoordinatorBusy(error)) return 'COORDINATOR_BUSY';
  return 'TRANSACTION_ABORTED';
}

const isFatal = (error: unknown) =>
  inCauses(error, ({ type, code }) => FATAL_TYPES.has(type ?? '') || FATAL_CODES.has(code ?? -1));

/**
 * Consume-transform-produce with exactly-once output (Kafka transactions, one transactional id
 * per source: an input partition, so a rebalance fences the previous owner — the classic
 * zombie-fencing scheme — or a consumer's producer slot, whose offsets carry the member's group
 * generation instead, see GroupMember). The risk engine publishes a batch's decisions and lock commands together with the
 * batch's offsets: after a crash, the aborted transaction is invisible and the replay publishes
 * the batch once.
 */
export function createTransactionalPublisher(
  options: TransactionalPublisherOptions,
): TransactionalPublisher {
  const metrics = producerMetrics(options.registry);
  const slots = new Map<string, Slot>();
  const released = new Set<string>();
  const idOf = (source: string) => `${options.transactionalIdPrefix}-${source}`;
  const transactionalProducer = (id: string) =>
    options.kafka.producer({
      transactionalId: id,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      retry: TRANSACTION_RETRY,
      createPartitioner: JAVA_COMPATIBLE_PARTITIONER,
      // kafkajs patch (patches/kafkajs@2.2.4.patch): Produce v12, TxnOffsetCommit v5, EndTxn v5.
      vigilTransactionVersion: options.transactionVersion ?? 'auto',
    });
  let protocolSaid = false;
  /** Says once which protocol the transactions use (known after the first one began). */
  const sayProtocol = (producer: Producer) => {
    const protocol = producer.vigilTransactionProtocol();
    if (protocolSaid || protocol === null) return;
    protocolSaid = true;
    options.logger.info(
      { transactionProtocol: protocol, asked: options.transactionVersion ?? 'auto' },
      `transactions use Kafka's transaction protocol v${protocol}`,
    );
  };

  async function openSlot(source: string, fresh: boolean): Promise<Slot> {
    const id = idOf(source);
    let slot = slots.get(id);
    if (slot?.fenced) {
      if (!fresh) {
        throw new VigilError('PRODUCER_FENCED', `${id} was fenced by a newer owner of ${source}`, {
          retryable: true,
        });
      }
      slots.delete(id);
      slot = undefined;
    }
    // A released source is registered again only by a claim: a producer created for a batch of
    // it still finishing after the rebalance would fence the new owner. (A first attempt that
    // never got its producer connected may still create it on a retry.)
    if (!slot && !fresh && released.has(id)) {
      throw new VigilError('SOURCE_NOT_CLAIMED', `${source} was released by this publisher`, {
        retryable: true,
      });
    }
    if (fresh) released.delete(id);
    if (!slot) {
      const producer = transactionalProducer(id);
      await producer.connect().catch((error: unknown) => {
        throw classifyError(error);
      });
      slot = { producer, transaction: undefined, fenced: false };
      slots.set(id, slot);
    }
    if (!slot.transaction) {
      const current = slot;
      slot.transaction = await slot.producer.transaction().catch(async (error: unknown) => {
        if (isFatal(error)) current.fenced = true;
        // Beginning a transaction is a local state change: failing, the producer is stuck in
        // another state (e.g. ABORTING after an abort the broker never got); the retry makes a
        // new one.
        else await discard(id, current);
        // A new producer's first transaction asks InitProducerId, refused for as long as the
        // id's previous transaction has not ended (e.g. its abort markers refused by a topic).
        if (!isCoordinatorBusy(error)) throw classifyError(error);
        logFailure(source, 'COORDINATOR_BUSY', error, []);
        throw new VigilError('COORDINATOR_BUSY', `transactional id ${id} not initialised`, {
          retryable: true,
          cause: error,
        });
      });
      sayProtocol(slot.producer);
    }
    return slot;
  }

  /**
   * Drops a slot's producer so the next batch creates one with the same transactional id: its
   * InitProducerId bumps the epoch, which aborts at the coordinator whatever transaction this one
   * left open. kafkajs keeps a producer whose abort failed (broker unreachable) in ABORTING, where
   * every beginTransaction throws: without this its units would never be published again.
   *
   * Also after any transaction whose sendBatch failed, aborted or not: kafkajs then rolls back the
   * sequence numbers of every partition of the failed produce request, though the broker may have
   * appended some of them (a timeout, a lost connection, another partition's error in the same
   * response). With the same producer id and epoch, the next transaction's batch on such a
   * partition reuses those numbers, and the broker acknowledges it as a duplicate of the aborted
   * one without appending it: a decision lost with the transaction reported committed. A new
   * epoch starts the numbers afresh (what the Java client does since KIP-360: an epoch bump after
   * an abort whose batches may have been written).
   */
  async function discard(id: string, slot: Slot): Promise<void> {
    if (slots.get(id) === slot) slots.delete(id);
    await slot.producer.disconnect().catch(() => undefined);
  }

  const episodes = new Map<string, FailureEpisode>();
  const episodeOf = (source: string) => {
    const known = episodes.get(source);
    if (known) return known;
    const created = failureEpisode();
    episodes.set(source, created);
    return created;
  };

  const logFailure = (
    source: string,
    code: PublishFailureCode,
    error: unknown,
    topicMessages: readonly TopicMessages[],
  ) =>
    logPublishFailure(options.logger, episodeOf(source), {
      err: error,
      source,
      code,
      topics: topicMessages.map(({ topic }) => topic),
    });

  return {
    async prepare(source, fresh) {
      await openSlot(source, fresh);
    },
    async publish(source, positions, outputs, _group, member) {
      // Validate before touching the transaction: an invalid output is a bug, not an outage.
      const topicMessages = encodeOutputs(outputs, metrics);
      const slot = await openSlot(source, false);
      const transaction = slot.transaction!;
      slot.transaction = undefined;
      let sendFailed = false;
      try {
        if (topicMessages.length > 0)
          await whileConcurrent(() => transaction.sendBatch({ topicMessages, acks: -1 })).catch(
            (error: unknown) => {
              sendFailed = true;
              throw error;
            },
          );
        if (positions.length > 0)
          await whileConcurrent(() =>
            transaction.sendOffsets({
              consumerGroupId: options.groupId,
              topics: byTopic(positions),
              // kafkajs patch (patches/kafkajs@2.2.4.patch): TxnOffsetCommit v3.
              ...(member
                ? { groupMetadata: { ...member, groupInstanceId: member.groupInstanceId ?? null } }
                : {}),
            }),
          );
        await transaction.commit();
      } catch (error) {
        const abortedHere = await transaction.abort().then(
          () => true,
          () => false,
        );
        const fatal = isFatal(error);
        if (fatal) {
          slot.fenced = true;
          await slot.producer.disconnect().catch(() => undefined);
        } else if (!abortedHere || sendFailed) await discard(idOf(source), slot);
        const classified = classifyError(error);
        for (const { topic } of topicMessages) metrics.errors.inc({ topic, code: classified.code });
        const code = failureCode(error, fatal);
        logFailure(source, code, error, topicMessages);
        // Retryable whatever the code: the unit waits (health() reports the stall) and goes
        // again, so it resumes by itself once the cause (a topic config, an outage) is fixed.
        throw new VigilError(code, `transaction for ${source} aborted`, {
          retryable: true,
          cause: error,
        });
      }
      if (episodeOf(source).recovered())
        options.logger.info({ source }, 'transactions commit again after refusals');
      for (const { topic, messages } of topicMessages)
        metrics.produced.inc({ topic }, messages.length);
    },
    async fence(source) {
      const id = idOf(source);
      if (slots.has(id))
        throw new VigilError('FENCING_OWN_SOURCE', `${source} is in use by this publisher`, {
          retryable: false,
        });
      // The first transaction registers the id with its coordinator (InitProducerId): that bumps
      // its epoch, aborting any transaction the previous user left open, before it returns.
      const producer = transactionalProducer(id);
      try {
        await producer.connect();
        // Nothing was added to it: aborting only resets the producer's state, no request.
        await (await producer.transaction()).abort();
      } catch (error) {
        throw classifyError(error);
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    },
    async release(source) {
      const id = idOf(source);
      released.add(id);
      const slot = slots.get(id);
      if (!slot) return;
      slots.delete(id);
      await slot.transaction?.abort().catch(() => undefined);
      await slot.producer.disconnect().catch(() => undefined);
    },
    async close() {
      const all = [...slots.values()];
      slots.clear();
      await Promise.all(
        all.map(async (slot) => {
          await slot.transaction?.abort().catch(() => undefined);
          await slot.producer.disconnect().catch(() => undefined);
        }),
      );
    },
  };
}
