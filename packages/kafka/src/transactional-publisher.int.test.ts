import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEvent } from '@vigil/events';
import { uniqueName, type KafkaFixture } from '@vigil/testing';
import {
  committedOffsets,
  createKafkaFixture,
  publisherFactory,
  readAll,
  sampleTransaction,
  waitForCommittedOffset,
} from './int-harness.ts';

describe('transactional publisher (real broker)', () => {
  let fx: KafkaFixture;
  let input: string;
  let output: string;
  const { publisher, closeAll } = publisherFactory(() => fx);

  beforeAll(async () => {
    fx = await createKafkaFixture(['input', 'output'], { partitions: 1 });
    input = fx.topics.input!;
    output = fx.topics.output!;
  });
  afterAll(async () => {
    await closeAll();
    await fx.cleanup();
  });

  it('publishes outputs and commits the source offset atomically; a fenced zombie publishes nothing', async () => {
    const prefix = uniqueName('tx');
    const first = publisher(prefix);
    const source = `${input}-0`;
    await first.prepare(source, true);
    await first.publish(
      source,
      [{ topic: input, partition: 0, nextOffset: '3' }],
      [
        {
          topic: output,
          schema: transactionEvent,
          messages: [{ value: sampleTransaction(1) }, { value: sampleTransaction(2) }],
        },
      ],
    );
    await waitForCommittedOffset(fx, input, 0, 3);

    // A new owner of the same input partition (after a rebalance) fences the previous one.
    // The first owner already opened its next transaction when the batch started.
    await first.prepare(source, true);
    const second = publisher(prefix);
    await second.prepare(source, true);
    await second.publish(
      source,
      [{ topic: input, partition: 0, nextOffset: '5' }],
      [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(3) }] }],
    );
    await expect(
      first.publish(
        source,
        [{ topic: input, partition: 0, nextOffset: '9' }],
        [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(99) }] }],
      ),
    ).rejects.toMatchObject({ code: 'PRODUCER_FENCED', retryable: true });
    // Retrying the same batch must not re-register the id (that would fence the new owner).
    await expect(first.prepare(source, false)).rejects.toMatchObject({
      code: 'PRODUCER_FENCED',
    });
    await waitForCommittedOffset(fx, input, 0, 5);

    // read_committed: exactly the three committed records, never the zombie's.
    const seen = await readAll(fx.kafka, output, 3);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ids = seen.map((m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId);
    expect(ids).toEqual(['evt-1', 'evt-2', 'evt-3']);
  });

  it('a released source is not registered again by a late batch of it: the new owner keeps publishing', async () => {
    const prefix = uniqueName('tx');
    const source = `${input}-0`;
    const previous = publisher(prefix);
    await previous.prepare(source, true);
    const next = publisher(prefix);
    await next.prepare(source, true);
    // The rebalance reached the previous owner: it releases the source, then a batch it was
    // finishing tries to publish (the path that used to connect a new producer and fence `next`).
    await previous.release(source);
    await expect(
      previous.publish(source, [{ topic: input, partition: 0, nextOffset: '1' }], []),
    ).rejects.toMatchObject({ code: 'SOURCE_NOT_CLAIMED', retryable: true });
    await expect(previous.prepare(source, false)).rejects.toMatchObject({
      code: 'SOURCE_NOT_CLAIMED',
    });
    const at = Math.max(0, (await committedOffsets(fx, input)).get(0) ?? 0);
    await next.publish(source, [{ topic: input, partition: 0, nextOffset: String(at + 7) }], []);
    await waitForCommittedOffset(fx, input, 0, at + 7);
  });

  it('commits the offsets of every partition a processing unit reads in one transaction', async () => {
    const [a, b] = await Promise.all([fx.createTopic('unit-a', 2), fx.createTopic('unit-b', 2)]);
    const p = publisher(uniqueName('tx'));
    await p.prepare('unit-1', true);
    await p.publish(
      'unit-1',
      [
        { topic: a, partition: 1, nextOffset: '4' },
        { topic: b, partition: 1, nextOffset: '7' },
      ],
      [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(40) }] }],
    );
    await waitForCommittedOffset(fx, a, 1, 4);
    await waitForCommittedOffset(fx, b, 1, 7);
    // Released: a later owner starts clean; nothing else of the unit was committed.
    await p.release('unit-1');
    expect((await committedOffsets(fx, a)).get(0) ?? -1).toBeLessThanOrEqual(0);
  });

  it('rejects an invalid output before opening a transaction, committing nothing', async () => {
    const topic = await fx.createTopic('input-invalid', 1);
    const p = publisher(uniqueName('tx'));
    const bad = { ...sampleTransaction(5), amount: { minor: 1.5, currency: 'JPY' } };
    await expect(
      p.publish(
        `${topic}-0`,
        [{ topic, partition: 0, nextOffset: '1' }],
        [{ topic: output, schema: transactionEvent, messages: [{ value: bad }] }],
      ),
    ).rejects.toMatchObject({ code: 'PRODUCE_INVALID_EVENT', retryable: false });
    expect((await committedOffsets(fx, topic)).get(0) ?? -1).toBeLessThanOrEqual(0);
  });
});
