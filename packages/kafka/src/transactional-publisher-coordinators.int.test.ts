import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEvent } from '@vigil/events';
import { uniqueName, type KafkaFixture } from '@vigil/testing';
import {
  countRequests,
  createKafkaFixture,
  readAll,
  sampleTransaction,
  silentLogger,
  waitForCommittedOffset,
} from './int-harness.ts';
import {
  createTransactionalPublisher,
  type TransactionalPublisher,
} from './transactional-publisher.ts';

// kafkajs names FindCoordinator requests after their pre-KIP-98 name.
const FIND_COORDINATOR = 'GroupCoordinator';
// The patched kafkajs (patches/kafkajs@2.2.4.patch) remembers a coordinator this long.
const COORDINATOR_TTL_MS = 1_000;

describe('transactional publisher: its requests per transaction (patched kafkajs, real broker)', () => {
  let fx: KafkaFixture;
  const publishers: TransactionalPublisher[] = [];
  /** A publisher whose producers count their requests. */
  const countingPublisher = (on: KafkaFixture = fx) => {
    const { kafka, counts } = countRequests(on.kafka);
    const publisher = createTransactionalPublisher({
      kafka,
      groupId: on.groupId,
      transactionalIdPrefix: uniqueName('tx'),
      registry: new Registry(),
      logger: silentLogger,
    });
    publishers.push(publisher);
    return { publisher, counts };
  };
  beforeAll(async () => {
    fx = await createKafkaFixture(['input', 'output'], { partitions: 1 });
  });
  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close()));
    await fx.cleanup();
  });

  it('reuses the transaction and group coordinators across transactions instead of asking four times per transaction', async () => {
    const input = fx.topics.input!;
    const output = fx.topics.output!;
    const { publisher, counts } = countingPublisher();
    const source = `${input}-0`;
    const transactions = 30;
    const transaction = async (n: number) => {
      await publisher.prepare(source, true);
      await publisher.publish(
        source,
        [{ topic: input, partition: 0, nextOffset: String(n + 1) }],
        [{ topic: output, schema: transactionEvent, messages: [{ value: sampleTransaction(n) }] }],
      );
    };
    const lookups = () => counts.transactionalProducers.get(FIND_COORDINATOR) ?? 0;

    const startedAt = Date.now();
    for (let n = 0; n < transactions; n++) await transaction(n);
    const elapsedMs = Date.now() - startedAt;

    // Every transaction went through the one counted producer of this slot (retried requests,
    // e.g. after CONCURRENT_TRANSACTIONS, are counted again).
    expect(counts.transactionalProducers.get('EndTxn')).toBeGreaterThanOrEqual(transactions);
    expect(counts.transactionalProducers.get('TxnOffsetCommit')).toBeGreaterThanOrEqual(
      transactions,
    );
    await waitForCommittedOffset(fx, input, 0, transactions);
    // Unpatched: 4 lookups per transaction (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit,
    // EndTxn each look up their coordinator), 120 here. Cached: one lookup per coordinator (the
    // transaction and the group one) per TTL window the run spans.
    const windows = Math.ceil(elapsedMs / COORDINATOR_TTL_MS) + 1;
    expect(lookups()).toBeGreaterThan(0);
    expect(lookups()).toBeLessThanOrEqual(2 * windows);
    expect(lookups()).toBeLessThan(transactions / 2);

    // The cache expires: after an idle TTL, the next transaction asks again (a moved coordinator is found).
    const before = lookups();
    await new Promise((resolve) => setTimeout(resolve, COORDINATOR_TTL_MS + 200));
    await transaction(transactions);
    expect(lookups()).toBeGreaterThan(before);
    await waitForCommittedOffset(fx, input, 0, transactions + 1);
  });

  it('sends AddOffsetsToTxn before the Produce (three waits before EndTxn, not five), and every transaction commits whole', async () => {
    // Topics of its own: the output read back holds this test's records only.
    const own = await createKafkaFixture(['input', 'output'], { partitions: 1 });
    const { publisher, counts } = countingPublisher(own);
    try {
      const input = own.topics.input!;
      const output = own.topics.output!;
      const source = `${input}-0`;
      const transactions = 12;
      for (let n = 0; n < transactions; n++) {
        await publisher.prepare(source, true);
        await publisher.publish(
          source,
          [{ topic: input, partition: 0, nextOffset: String(n + 1) }],
          [
            {
              topic: output,
              schema: transactionEvent,
              messages: [{ value: sampleTransaction(n) }],
            },
          ],
        );
      }

      // In send order (one broker: one connection carries every transactional request), cut at
      // each EndTxn. A step refused with CONCURRENT_TRANSACTIONS is sent again and shows twice:
      // the first of each kind is the one that shows the order.
      const sent = [...counts.transactionalLog]
        .filter(({ apiName }) => apiName !== 'GroupCoordinator' && apiName !== 'InitProducerId')
        .sort((a, b) => a.correlationId - b.correlationId);
      expect(new Set(sent.map(({ broker }) => broker)).size).toBe(1);
      const perTransaction: string[][] = [[]];
      for (const { apiName } of sent) {
        perTransaction.at(-1)!.push(apiName);
        if (apiName === 'EndTxn') perTransaction.push([]);
      }
      const committed = perTransaction.filter((steps) => steps.includes('EndTxn'));
      expect(committed).toHaveLength(transactions);
      for (const steps of committed) {
        expect(steps.indexOf('AddOffsetsToTxn')).toBeGreaterThanOrEqual(0);
        // Before: AddPartitionsToTxn, Produce, AddOffsetsToTxn, TxnOffsetCommit, EndTxn.
        expect(steps.indexOf('AddOffsetsToTxn')).toBeLessThan(steps.indexOf('Produce'));
        expect(steps.indexOf('AddPartitionsToTxn')).toBeLessThan(steps.indexOf('Produce'));
        expect(steps.indexOf('AddOffsetsToTxn')).toBeLessThan(steps.indexOf('TxnOffsetCommit'));
        expect(steps.at(-1)).toBe('EndTxn');
      }

      await waitForCommittedOffset(own, input, 0, transactions);
      const ids = (await readAll(own.kafka, output, transactions)).map(
        (m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId,
      );
      expect(ids).toEqual(Array.from({ length: transactions }, (_, n) => `evt-${n}`));
    } finally {
      await publisher.close();
      await own.cleanup();
    }
  });
});
