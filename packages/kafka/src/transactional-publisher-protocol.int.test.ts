import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEvent } from '@vigil/events';
import { uniqueName, type KafkaFixture } from '@vigil/testing';
import {
  capturingLogger,
  countRequests,
  createKafkaFixture,
  readAll,
  sampleTransaction,
  waitForCommittedOffset,
} from './int-harness.ts';
import {
  createTransactionalPublisher,
  type TransactionalPublisher,
  type TransactionVersion,
} from './transactional-publisher.ts';

// Kafka's transaction protocols (KIP-890) through the kafkajs patch: v2 (this broker, Kafka 4.1,
// finalizes transaction.version 2) and v1 when asked for.

let fx: KafkaFixture;
const open: TransactionalPublisher[] = [];

beforeAll(async () => {
  fx = await createKafkaFixture([], { partitions: 1 });
});
afterAll(async () => {
  await Promise.all(open.map((p) => p.close()));
  await fx.cleanup();
});

function publisherOf(transactionVersion: TransactionVersion) {
  const { kafka, counts } = countRequests(fx.kafka);
  const { logger, said } = capturingLogger();
  const publisher = createTransactionalPublisher({
    kafka,
    groupId: fx.groupId,
    transactionalIdPrefix: uniqueName('tx'),
    registry: new Registry(),
    logger,
    transactionVersion,
  });
  open.push(publisher);
  return { publisher, counts, said };
}

/**
 * Transactions of two records each on one output partition (so the producer's sequence numbers
 * must restart wherever the epoch moved), committing the input offset n + 1; the third one is
 * aborted by the group coordinator (offsets from a generation the group never had).
 */
async function run(publisher: TransactionalPublisher, input: string, output: string) {
  const source = `${input}-0`;
  const committed: string[] = [];
  for (let n = 0; n < 8; n++) {
    await publisher.prepare(source, n === 0);
    const messages = [{ value: sampleTransaction(2 * n) }, { value: sampleTransaction(2 * n + 1) }];
    const publish = publisher.publish(
      source,
      [{ topic: input, partition: 0, nextOffset: String(n + 1) }],
      [{ topic: output, schema: transactionEvent, messages }],
      undefined,
      n === 2 ? { generationId: 4_242, memberId: 'nobody' } : undefined,
    );
    if (n === 2) {
      await expect(publish).rejects.toMatchObject({ code: 'GROUP_MEMBER_STALE' });
      continue;
    }
    await publish;
    committed.push(`evt-${2 * n}`, `evt-${2 * n + 1}`);
  }
  await waitForCommittedOffset(fx, input, 0, 8);
  // read_committed: every committed record once, in order; none of the aborted transaction's.
  const seen = await readAll(fx.kafka, output, committed.length);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const ids = seen.map((m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId);
  expect(ids).toEqual(committed);
}

describe('transaction protocols (real broker)', () => {
  it('v2 where the cluster allows it: no AddPartitionsToTxn or AddOffsetsToTxn, outputs and offsets exactly once across an abort', async () => {
    const [input, output] = await Promise.all([
      fx.createTopic('v2-in', 1),
      fx.createTopic('v2-out', 1),
    ]);
    const { publisher, counts, said } = publisherOf('auto');
    await run(publisher, input, output);
    expect(said(30, "transactions use Kafka's transaction protocol v2")).toBe(1);
    expect(counts.transactionalProducers.get('AddPartitionsToTxn') ?? 0).toBe(0);
    expect(counts.transactionalProducers.get('AddOffsetsToTxn') ?? 0).toBe(0);
    expect(counts.transactionalProducers.get('EndTxn')).toBeGreaterThanOrEqual(8);
    expect(counts.transactionalProducers.get('TxnOffsetCommit')).toBeGreaterThanOrEqual(8);
  });

  it('v1 when asked for: the adds go first, the same outputs and offsets', async () => {
    const [input, output] = await Promise.all([
      fx.createTopic('v1-in', 1),
      fx.createTopic('v1-out', 1),
    ]);
    const { publisher, counts, said } = publisherOf(1);
    await run(publisher, input, output);
    expect(said(30, "transactions use Kafka's transaction protocol v1")).toBe(1);
    expect(counts.transactionalProducers.get('AddPartitionsToTxn')).toBeGreaterThanOrEqual(8);
    expect(counts.transactionalProducers.get('AddOffsetsToTxn')).toBeGreaterThanOrEqual(8);
  });

  it('v2 fences a zombie: its records never reach read_committed readers', async () => {
    const [input, output] = await Promise.all([
      fx.createTopic('v2-fence-in', 1),
      fx.createTopic('v2-fence-out', 1),
    ]);
    const source = `${input}-0`;
    const prefix = uniqueName('tx');
    const make = () => {
      const p = createTransactionalPublisher({
        kafka: fx.kafka,
        groupId: fx.groupId,
        transactionalIdPrefix: prefix,
        registry: new Registry(),
        logger: capturingLogger().logger,
        transactionVersion: 2,
      });
      open.push(p);
      return p;
    };
    const zombie = make();
    await zombie.prepare(source, true);
    await zombie.publish(
      source,
      [{ topic: input, partition: 0, nextOffset: '1' }],
      [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(1) }] }],
    );
    // The zombie's next transaction is open (epoch bumped by its last EndTxn) when a new owner
    // registers the id: InitProducerId bumps the epoch again and aborts whatever is open.
    await zombie.prepare(source, false);
    const owner = make();
    await owner.prepare(source, true);
    await expect(
      zombie.publish(
        source,
        [{ topic: input, partition: 0, nextOffset: '9' }],
        [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(99) }] }],
      ),
    ).rejects.toMatchObject({ code: 'PRODUCER_FENCED' });
    await owner.publish(
      source,
      [{ topic: input, partition: 0, nextOffset: '2' }],
      [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(2) }] }],
    );
    await waitForCommittedOffset(fx, input, 0, 2);
    const seen = await readAll(fx.kafka, output, 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = seen.map((m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId);
    expect(ids).toEqual(['evt-1', 'evt-2']);
  });
});
