import type { Kafka } from 'kafkajs';
import { riskDecision, type RiskDecision } from '@vigil/events';

export interface ReadDecisionsOptions {
  kafka: Kafka;
  topic: string;
  /** A fresh group, so reading from the beginning never disturbs (or is disturbed by) real consumers. */
  groupId: string;
  /** Stop after this long without a new record, once the end offsets seen at start are reached. */
  idleMs?: number;
  /** Give up waiting for the end offsets after this long. */
  timeoutMs?: number;
  onInvalid?: (offset: string) => void;
}

/**
 * Reads risk.decisions.v1 from the beginning until caught up and idle; removes its group afterwards.
 * `caughtUp` is false when the end offsets seen at start were not reached before the timeout.
 *
 * Decisions come back partition by partition, each in offset order, every offset once (a batch
 * delivered again after a rebalance is dropped): the topic is keyed by accountId, so each
 * account's decisions are in the order the engine committed them, which the detection report's
 * inversion count reads. No order is implied between partitions.
 */
export async function readDecisionsFromKafka(
  options: ReadDecisionsOptions,
): Promise<{ decisions: RiskDecision[]; caughtUp: boolean }> {
  const idleMs = options.idleMs ?? 5_000;
  const admin = options.kafka.admin();
  await admin.connect();
  const consumer = options.kafka.consumer({ groupId: options.groupId });
  // Per partition: offset → decision (null: not a decision), so order and uniqueness never depend on delivery.
  const byPartition = new Map<number, Map<bigint, RiskDecision | null>>();
  try {
    const ends = await admin.fetchTopicOffsets(options.topic);
    const remaining = new Map(
      ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
    );
    let lastRecordAt = Date.now();
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      // eachBatch, not eachMessage: a transactional topic ends in a commit marker, which is never
      // delivered as a message, but the batch's last offset still moves past it.
      eachBatch: ({ batch }) => {
        lastRecordAt = Date.now();
        const partition = byPartition.get(batch.partition) ?? new Map<bigint, RiskDecision | null>();
        byPartition.set(batch.partition, partition);
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (partition.has(offset)) continue;
          const decision = parseDecision(message.value);
          partition.set(offset, decision);
          if (decision === null) options.onInvalid?.(message.offset);
        }
        const end = remaining.get(batch.partition);
        if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end)
          remaining.delete(batch.partition);
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    while (Date.now() < deadline && (remaining.size > 0 || Date.now() - lastRecordAt < idleMs))
      await new Promise((resolve) => setTimeout(resolve, 100));
    return { decisions: inPartitionOrder(byPartition), caughtUp: remaining.size === 0 };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([options.groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

function parseDecision(value: Buffer | null): RiskDecision | null {
  try {
    const parsed = riskDecision.safeParse(JSON.parse(value?.toString('utf8') ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Partitions in ascending order, each in offset order. */
export function inPartitionOrder(byPartition: ReadonlyMap<number, ReadonlyMap<bigint, RiskDecision | null>>): RiskDecision[] {
  return [...byPartition.keys()]
    .sort((a, b) => a - b)
    .flatMap((p) => [...(byPartition.get(p) ?? new Map<bigint, RiskDecision | null>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, d]) => (d === null ? [] : [d])));
}
