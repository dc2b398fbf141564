import { randomBytes } from 'node:crypto';
import type { Batch, Consumer, Kafka, KafkaMessage, Message } from 'kafkajs';
import { classifyError, type VigilError } from '@vigil/errors';
import type { Logger } from '@vigil/observability';
import { parseDeadLetter, redrivenMessage, type DeadLetterView } from './dead-letter-view.ts';

/** Stop waiting for more of a partition after this long without a batch (a trailing transaction marker has no message). */
const DEFAULT_IDLE_MS = 3_000;

/** Where a run ends: each partition's end offset as of its start, past what a group committed. */
async function readRange(
  kafka: Kafka,
  topic: string,
  groupId: string | undefined,
): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const committed = new Map<number, bigint>();
    if (groupId !== undefined) {
      const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const p of group?.partitions ?? [])
        if (p.offset !== '-1') committed.set(p.partition, BigInt(p.offset));
    }
    const ends = new Map<number, bigint>();
    for (const o of offsets) {
      const low = BigInt(o.low);
      const done = committed.get(o.partition) ?? low;
      const from = done > low ? done : low;
      if (BigInt(o.high) > from) ends.set(o.partition, BigInt(o.high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Runs `consumer` over `topic` until every partition in `ends` was read up to its end offset, or
 * nothing came for `idleMs` once the consumer had joined its group (a partition whose last
 * records are transaction markers never shows its end). `handle` gets each batch's messages below
 * their partition's end; its error ends the run (the batch is not retried, nothing of it is
 * committed) and is thrown.
 */
async function readToEnd(
  consumer: Consumer,
  topic: string,
  ends: Map<number, bigint>,
  idleMs: number,
  handle: (batch: Batch, messages: KafkaMessage[]) => Promise<void>,
): Promise<void> {
  if (ends.size === 0) return;
  const pending = new Set(ends.keys());
  let finished = false;
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const finish = (error?: VigilError) => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      if (error) reject(error);
      else resolve();
    };
    const rearm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(), idleMs);
    };
    // Joining a new group takes the broker's initial rebalance delay (3 s by default): the idle
    // clock starts once the partitions are ours.
    consumer.on(consumer.events.GROUP_JOIN, rearm);
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (finished) return;
          // No idle end while a batch is being handled (a redrive transaction may take a while).
          clearTimeout(idle);
          const end = ends.get(batch.partition);
          if (end === undefined) return rearm();
          const messages = batch.messages.filter((m) => BigInt(m.offset) < end);
          try {
            if (messages.length > 0) await handle(batch, messages);
          } catch (error) {
            finish(classifyError(error));
            return;
          }
          const last = batch.messages.at(-1);
          if (last && BigInt(last.offset) + 1n >= end) pending.delete(batch.partition);
          if (pending.size === 0) finish();
          else rearm();
        },
      })
      .catch((error: unknown) => finish(classifyError(error)));
  });
}

function letterOf(partition: number, message: KafkaMessage) {
  return parseDeadLetter({ partition, ...message, headers: message.headers ?? {} });
}

/**
 * Reads a dead-letter topic from its start up to its end as of the call, in a consumer group of
 * its own that commits nothing (reading changes nothing). Each record goes to `onLetter`, or to
 * `onInvalid` when it carries no dead-letter headers.
 */
export async function readDeadLetters(options: {
  kafka: Kafka;
  topic: string;
  onLetter: (letter: DeadLetterView) => void;
  onInvalid: (error: VigilError) => void;
  idleMs?: number;
}): Promise<void> {
  const { kafka, topic } = options;
  const ends = await readRange(kafka, topic, undefined);
  const consumer = kafka.consumer({
    groupId: `vigil-dlq-read-${randomBytes(6).toString('hex')}`,
    readUncommitted: false,
  });
  await consumer.connect();
  try {
    await readToEnd(consumer, topic, ends, options.idleMs ?? DEFAULT_IDLE_MS, (batch, messages) => {
      for (const message of messages) {
        const parsed = letterOf(batch.partition, message);
        if (parsed.ok) options.onLetter(parsed.letter);
        else options.onInvalid(parsed.error);
      }
      return Promise.resolve();
    });
  } finally {
    await consumer.disconnect();
  }
}

export interface RedriveResult {
  /** Dead letters put back, per topic they went to. */
  byTopic: Map<string, number>;
}

/**
 * Puts a dead-letter topic's records back on the topics they failed on, once the cause is fixed
 * (a schema that was too strict, a bug in a consumer): each record exactly as it first arrived,
 * plus `vigil-redriven-from`. Reads up to the topic's end as of the call (what fails again is
 * dead-lettered after it, so a run ends) in consumer group `groupId`, and commits each batch's
 * records with the group's offsets in one Kafka transaction: a record is redriven once per group,
 * even across a crash or a second run. `to` sends everything to one topic instead of each
 * record's source (a record without dead-letter headers then goes as it is); without `to`, such
 * a record stops the run with DLQ_RECORD_INVALID before anything of its batch is sent.
 */
export async function redriveDeadLetters(options: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  to?: string | undefined;
  logger: Logger;
  idleMs?: number;
}): Promise<RedriveResult> {
  const { kafka, topic, groupId, logger } = options;
  const result: RedriveResult = { byTopic: new Map() };
  const ends = await readRange(kafka, topic, groupId);
  if (ends.size === 0) return result;
  const producer = kafka.producer({
    transactionalId: `vigil-dlq-redrive.${groupId}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  await producer.connect();
  await consumer.connect();
  try {
    await readToEnd(
      consumer,
      topic,
      ends,
      options.idleMs ?? DEFAULT_IDLE_MS,
      async (batch, messages) => {
        const byTarget = new Map<string, Message[]>();
        for (const message of messages) {
          const { target, out } = redriveTarget(topic, batch.partition, message, options.to);
          const list = byTarget.get(target);
          if (list) list.push(out);
          else byTarget.set(target, [out]);
        }
        const transaction = await producer.transaction();
        try {
          await transaction.sendBatch({
            topicMessages: [...byTarget].map(([target, list]) => ({
              topic: target,
              messages: list,
            })),
          });
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [
              {
                topic,
                partitions: [
                  {
                    partition: batch.partition,
                    offset: (BigInt(messages.at(-1)!.offset) + 1n).toString(),
                  },
                ],
              },
            ],
          });
          await transaction.commit();
        } catch (error) {
          const classified = classifyError(error);
          await transaction.abort().catch((abortError: unknown) => {
            logger.warn({ err: abortError }, 'aborting the redrive transaction failed');
          });
          throw classified;
        }
        for (const [target, list] of byTarget)
          result.byTopic.set(target, (result.byTopic.get(target) ?? 0) + list.length);
        logger.info(
          { dlq: topic, partition: batch.partition, records: messages.length },
          'dead letters redriven',
        );
      },
    );
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return result;
}

function redriveTarget(
  dlq: string,
  partition: number,
  message: KafkaMessage,
  to: string | undefined,
): { target: string; out: Message } {
  const parsed = letterOf(partition, message);
  if (parsed.ok)
    return { target: to ?? parsed.letter.sourceTopic, out: redrivenMessage(parsed.letter, dlq) };
  if (to === undefined) throw parsed.error;
  return {
    target: to,
    out: { key: message.key, value: message.value, headers: message.headers ?? {} },
  };
}
