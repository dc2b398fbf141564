import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEvent } from '@vigil/events';
import { uniqueName, type KafkaFixture } from '@vigil/testing';
import {
  countRequests,
  createKafkaFixture,
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

describe('transactional publisher: coordinator lookups (patched kafkajs, real broker)', () => {
  let fx: KafkaFixture;
  let publisher: TransactionalPublisher | undefined;
  beforeAll(async () => {
    fx = await createKafkaFixture(['input', 'output'], { partitions: 1 });
  });
  afterAll(async () => {
    await publisher?.close();
    await fx.cleanup();
  });

  it('reuses the transaction and group coordinators across transactions instead of asking four times per transaction', async () => {
    const input = fx.topics.input!;
    const output = fx.topics.output!;
    const { kafka, counts } = countRequests(fx.kafka);
    publisher = createTransactionalPublisher({
      kafka,
      groupId: fx.groupId,
      transactionalIdPrefix: uniqueName('tx'),
      registry: new Registry(),
      logger: silentLogger,
    });
    const source = `${input}-0`;
    const transactions = 30;
    const transaction = async (n: number) => {
      await publisher!.prepare(source, true);
      await publisher!.publish(
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
});
