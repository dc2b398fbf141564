import type { Admin, Kafka } from 'kafkajs';
import { watchOutputs } from './output-watcher.ts';

export interface OutputCheck {
  /** Distinct pass-through ids read (each input record's id, expected once each). */
  passThrough: number;
  expectedPassThrough: number;
  /** Distinct records of the small-transaction cycles read. */
  cycles: number;
  expectedCycles: number;
  /** Records read for an id already read. */
  duplicates: number;
  /** Ids no input record or cycle had. */
  unknown: number;
  /** Input partitions whose offset committed for the worker's group is not the partition's end. */
  partitionsBehind: number;
  partitions: number;
  /** The watcher's consumer group, for the caller to delete. */
  groupId: string;
  ok: boolean;
}

// After the expected count, how long to go on reading for duplicates written behind them.
const SETTLE_MS = 1_500;

/**
 * The offsets the transactions committed for the worker's group: every input partition's must be
 * its end (the input is written without transactions, so the end is the high watermark).
 */
async function committedToEnd(admin: Admin, topic: string, groupId: string) {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  const byPartition = new Map(committed?.partitions.map((p) => [p.partition, p.offset]));
  const partitionsBehind = ends.filter((end) => byPartition.get(end.partition) !== end.high).length;
  return { partitionsBehind, partitions: ends.length };
}

/**
 * Reads the whole output topic read_committed (only committed transactions) after the worker
 * ended: every pass-through record `p-<n>`, n < `events`, exactly once, and every cycle record;
 * and the group's committed offsets at the end of the input.
 */
export async function checkOutputs(
  kafka: Kafka,
  admin: Admin,
  topics: { input: string; output: string; groupId: string },
  expected: { events: number; cycles: number },
  timeoutMs: number,
): Promise<OutputCheck> {
  const { partitionsBehind, partitions } = await committedToEnd(
    admin,
    topics.input,
    topics.groupId,
  );
  const watcher = await watchOutputs(kafka, topics.output, {
    idOf: (value) => (typeof value.id === 'string' ? value.id : undefined),
  });
  try {
    await watcher
      .until(expected.events + expected.cycles, timeoutMs)
      .catch((error: unknown) => console.error(String(error)));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    let passThrough = 0;
    let cycles = 0;
    let unknown = 0;
    for (const id of watcher.seenAt.keys()) {
      const n = /^p-(\d+)$/.exec(id)?.[1];
      if (n !== undefined && Number(n) < expected.events) passThrough += 1;
      else if (/^c\d+-\d+-\d+$/.test(id)) cycles += 1;
      else unknown += 1;
    }
    const duplicates = watcher.duplicates;
    return {
      passThrough,
      expectedPassThrough: expected.events,
      cycles,
      expectedCycles: expected.cycles,
      duplicates,
      unknown,
      partitionsBehind,
      partitions,
      groupId: watcher.groupId,
      ok:
        passThrough === expected.events &&
        cycles === expected.cycles &&
        duplicates === 0 &&
        unknown === 0 &&
        partitionsBehind === 0,
    };
  } finally {
    await watcher.stop();
  }
}
