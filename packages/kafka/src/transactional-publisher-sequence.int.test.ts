import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uniqueName, type KafkaFixture } from '@vigil/testing';
import { createKafkaFixture, publisherFactory, readAll } from './int-harness.ts';

const record = z.object({ accountId: z.string(), eventId: z.string(), blob: z.string() });
const value = (eventId: string, bytes = 10) => ({
  accountId: 'acct-1',
  eventId,
  blob: 'x'.repeat(bytes),
});

/**
 * kafkajs rolls back the sequence numbers of every partition of a produce request that failed,
 * though the broker may have appended some of them. Here one request carries a batch for a
 * healthy topic (appended) and one the other topic refuses (MESSAGE_TOO_LARGE): the transaction
 * aborts. Were the same producer (id and epoch) used again, the next transaction's batch on the
 * healthy topic would reuse sequence 0, the broker would acknowledge it as a duplicate of the
 * aborted batch without appending it, and the commit would succeed with the output lost.
 */
describe('transactional publisher after a failed send (real broker)', () => {
  let fx: KafkaFixture;
  const { publisher, closeAll } = publisherFactory(() => fx);

  beforeAll(async () => {
    fx = await createKafkaFixture(['input', 'output', 'refusing'], { partitions: 1 });
    // Above a control batch (~80 bytes: the abort marker must be accepted), below the batch sent.
    await fx.setMaxMessageBytes(fx.topics.refusing!, 1_024);
  });
  afterAll(async () => {
    await closeAll();
    await fx.cleanup();
  });

  it('publishes the next transaction for real: its outputs are read committed', async () => {
    const source = `${fx.topics.input!}-0`;
    const p = publisher(uniqueName('seq'));
    await p.prepare(source, true);
    await expect(
      p.publish(
        source,
        [{ topic: fx.topics.input!, partition: 0, nextOffset: '1' }],
        [
          { topic: fx.topics.output!, schema: record, messages: [{ value: value('evt-1') }] },
          {
            topic: fx.topics.refusing!,
            schema: record,
            messages: [{ value: value('big', 4_000) }],
          },
        ],
      ),
    ).rejects.toMatchObject({ code: 'OUTPUT_REFUSED' });

    // The batch again without what the topic refused (as after its record was dead-lettered).
    await p.prepare(source, false);
    await p.publish(
      source,
      [{ topic: fx.topics.input!, partition: 0, nextOffset: '1' }],
      [{ topic: fx.topics.output!, schema: record, messages: [{ value: value('evt-2') }] }],
    );
    const read = await readAll(fx.kafka, fx.topics.output!, 1);
    expect(
      read.map((m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId),
    ).toEqual(['evt-2']);
  });
});
