import type { Admin, Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEvent } from '@vigil/events';
import { uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import {
  committedOffsets,
  createKafkaFixture,
  publisherFactory,
  FAST_GROUP,
  produceRaw,
  readAll,
  sampleTransaction,
  waitForCommittedOffset,
} from './int-harness.ts';
import type { GroupMember } from './transactional-publisher.ts';

// KIP-447 on the real broker, through patches/kafkajs@2.2.4.patch: offsets stamped with a group
// generation (TxnOffsetCommit v3), stable offset reads (OffsetFetch v7), and fencing an id no
// live member uses. These are what let one transaction per batch cover every unit of a member.

describe('group generation fencing (real broker)', () => {
  let fx: KafkaFixture;
  let input: string;
  let output: string;
  let membership: string;
  const { publisher, closeAll } = publisherFactory(() => fx);
  const consumers: Consumer[] = [];

  /** A member of the fixture's group; resolves with its latest join (generation, member id). */
  async function member(): Promise<{ latest: () => GroupMember | undefined }> {
    const consumer = fx.kafka.consumer({
      groupId: fx.groupId,
      sessionTimeout: FAST_GROUP.sessionTimeoutMs,
      heartbeatInterval: FAST_GROUP.heartbeatIntervalMs,
      rebalanceTimeout: FAST_GROUP.rebalanceTimeoutMs,
    });
    consumers.push(consumer);
    let latest: GroupMember | undefined;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const payload = event.payload as typeof event.payload & { generationId: number };
      latest = { generationId: payload.generationId, memberId: payload.memberId };
    });
    await consumer.connect();
    // Its own topic: kafkajs never touches the offsets of `input` that the tests commit.
    await consumer.subscribe({ topic: membership, fromBeginning: true });
    // Reads and commits nothing (the input stays empty): the member only has to be in the group.
    await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
    return { latest: () => latest };
  }

  const outputOf = (n: number) => ({
    topic: output,
    schema: transactionEvent,
    messages: [{ value: sampleTransaction(n) }],
  });

  beforeAll(async () => {
    fx = await createKafkaFixture(['input', 'output', 'membership'], { partitions: 1 });
    membership = fx.topics.membership!;
    input = fx.topics.input!;
    output = fx.topics.output!;
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await closeAll();
    await fx.cleanup();
  });

  it('refuses offsets stamped with a generation the group has left: that transaction aborts, nothing of it is visible', async () => {
    const first = await member();
    const joined = await waitFor(() => first.latest(), { timeoutMs: 30_000, what: 'first join' });
    expect(joined.generationId).toBeGreaterThan(0);
    const pub = publisher(uniqueName('gen'));
    await pub.publish(
      'slot-0',
      [{ topic: input, partition: 0, nextOffset: '2' }],
      [outputOf(1)],
      undefined,
      joined,
    );
    await waitForCommittedOffset(fx, input, 0, 2);

    // A second member joins: the group moves to a newer generation, the first member rejoins.
    const second = await member();
    await waitFor(() => second.latest(), { timeoutMs: 30_000, what: 'second join' });
    const rejoined = await waitFor(
      () =>
        (first.latest()?.generationId ?? 0) > joined.generationId ? first.latest() : undefined,
      { timeoutMs: 30_000, what: 'first member in the new generation' },
    );

    // The old stamp: a member that lost its units in a rebalance it has not seen yet.
    await expect(
      pub.publish(
        'slot-0',
        [{ topic: input, partition: 0, nextOffset: '9' }],
        [outputOf(99)],
        undefined,
        joined,
      ),
    ).rejects.toMatchObject({ code: 'GROUP_MEMBER_STALE', retryable: true });
    expect((await committedOffsets(fx, input)).get(0)).toBe(2);

    // The same producer goes on in the new generation.
    await pub.publish(
      'slot-0',
      [{ topic: input, partition: 0, nextOffset: '3' }],
      [outputOf(2)],
      undefined,
      rejoined,
    );
    await waitForCommittedOffset(fx, input, 0, 3);
    const out = await readAll(fx.kafka, output, 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      out.map((m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId),
    ).toEqual([sampleTransaction(1).eventId, sampleTransaction(2).eventId]);
  });

  it('a stable offset read waits while a transaction holds the partition’s offsets; fencing its id ends it at once', async () => {
    const prefix = uniqueName('vacant');
    const admin: Admin = fx.admin;
    const ownOutput = await fx.createTopic('fenced-output', 1);
    const stable = () =>
      admin.fetchOffsets({
        groupId: fx.groupId,
        topics: [input],
        requireStable: true,
        partitions: [0],
      } as Parameters<Admin['fetchOffsets']>[0]);
    const before = (await stable())[0]!.partitions[0]!.offset;

    // A member "killed" mid-transaction: outputs produced and offsets sent, never committed.
    const dead = fx.kafka.producer({
      transactionalId: `${prefix}-slot-3`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await dead.connect();
    const txn = await dead.transaction();
    await txn.send({ topic: ownOutput, messages: [{ value: 'never visible' }] });
    await txn.sendOffsets({
      consumerGroupId: fx.groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '50' }] }],
    });
    await expect(stable()).rejects.toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT' });

    // Its slot is vacant now: fencing the id aborts the transaction before fence() returns.
    const started = Date.now();
    await publisher(prefix).fence('slot-3');
    expect(Date.now() - started).toBeLessThan(10_000);
    // The group coordinator drops the pending offsets when the abort marker reaches it, a moment
    // after the transaction coordinator completed the abort.
    const settled = await waitFor(
      async () => {
        try {
          return await stable();
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 5_000, what: 'stable offsets after the fence' },
    );
    expect(settled[0]!.partitions[0]!.offset).toBe(before);

    // The output's last stable offset moved past the aborted records: a read_committed reader
    // gets a record committed after them (it would wait out the transaction timeout otherwise).
    await produceRaw(fx.kafka, ownOutput, [{ value: 'after the fence' }]);
    const after = await readAll(fx.kafka, ownOutput, 1);
    expect(after.map((m) => m.value!.toString())).toEqual(['after the fence']);
    await dead.disconnect().catch(() => undefined);
  });
});
