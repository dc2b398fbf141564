import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import { uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import type { BatchHandler } from './batch-handler.ts';
import type { ConsumerRunner } from './consumer-runner.ts';
import {
  committedOffsets,
  countRequests,
  createKafkaFixture,
  jsonMessage,
  metricValue,
  produceRaw,
  sampleTransaction,
  silentLogger,
  startRunner,
} from './int-harness.ts';
import {
  createTransactionalPublisher,
  type TransactionalPublisher,
} from './transactional-publisher.ts';

const notJson = (n: number) => ({ key: 'acc-bad', value: Buffer.from(`{"eventId": "evt-${n}", `) });

describe("consumer runner with offsetCommits 'handler' (real broker)", () => {
  let fixture: KafkaFixture;
  let output: string;
  const runners: ConsumerRunner[] = [];
  const publishers: TransactionalPublisher[] = [];

  beforeEach(async () => {
    fixture = await createKafkaFixture(['risk.decisions.v1'], { partitions: 1, withDlq: true });
    output = fixture.topics['risk.decisions.v1']!;
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await Promise.all(publishers.splice(0).map((p) => p.close()));
    await fixture.cleanup();
  });

  /** The consume-transform-produce handler: outputs and the offset after the last record, in one transaction. */
  function transactionalHandler(kafka: Kafka, seen: string[]): BatchHandler<TransactionEvent> {
    const publisher = createTransactionalPublisher({
      kafka,
      groupId: fixture.groupId,
      transactionalIdPrefix: uniqueName('tx'),
      registry: new Registry(),
      logger: silentLogger,
    });
    publishers.push(publisher);
    return async (records, ctx) => {
      const source = `${ctx.topic}-${ctx.partition}`;
      await publisher.prepare(source, ctx.attempt === 0);
      const nextOffset = (BigInt(records.at(-1)!.offset) + 1n).toString();
      await publisher.publish(
        source,
        [{ topic: ctx.topic, partition: ctx.partition, nextOffset }],
        [
          {
            topic: output,
            schema: transactionEvent,
            messages: records.map((r) => ({ value: r.value })),
          },
        ],
      );
      seen.push(...records.map((r) => r.value.eventId));
    };
  }

  it('the handler transactions commit every offset up to the end; the runner sends no OffsetCommit', async () => {
    const partitions = 3;
    const total = 30;
    const input = await fixture.createTopic('payments.transactions.v1', partitions);
    await produceRaw(
      fixture.kafka,
      input,
      Array.from({ length: total }, (_, n) => ({
        ...jsonMessage(sampleTransaction(n)),
        partition: n % partitions,
      })),
    );
    const { kafka, counts } = countRequests(fixture.kafka);
    const seen: string[] = [];
    const { runner, started } = startRunner<TransactionEvent>(fixture, {
      kafka,
      subscriptions: [{ topic: input, schema: transactionEvent }],
      offsetCommits: 'handler',
      // 10 records per partition in slices of 4: three transactions (and commits) per partition.
      maxBatchRecords: 4,
      handler: transactionalHandler(kafka, seen),
    });
    runners.push(runner);
    await started;

    const ends = await fixture.admin.fetchTopicOffsets(input);
    expect(ends.map((p) => Number(p.high))).toEqual(
      Array<number>(partitions).fill(total / partitions),
    );
    await waitFor(
      async () => {
        const committed = await committedOffsets(fixture, input);
        return ends.every((p) => committed.get(p.partition) === Number(p.high)) ? true : undefined;
      },
      { timeoutMs: 20_000, what: `committed offsets of ${input} at the end offsets` },
    );
    // stop() waits for in-flight slices, so any OffsetCommit the runner would send has been sent.
    await runner.stop();

    expect([...seen].sort()).toEqual(Array.from({ length: total }, (_, n) => `evt-${n}`).sort());
    expect(counts.consumers.get('Fetch') ?? 0).toBeGreaterThan(0);
    expect(counts.consumers.get('OffsetCommit') ?? 0).toBe(0);
    expect(counts.transactionalProducers.get('TxnOffsetCommit') ?? 0).toBeGreaterThanOrEqual(
      partitions * 3,
    );
  });

  it('a slice ending in a dead-lettered record is committed past it by the runner: a restarted group does not dead-letter it again', async () => {
    const input = await fixture.createTopic('payments.transactions.v1', 1);
    const dlq = `${input}.dlq`;
    const dlqRecords = async () => Number((await fixture.admin.fetchTopicOffsets(dlq))[0]?.high);
    const subscriptions = [{ topic: input, schema: transactionEvent }];
    const committed = async () => (await committedOffsets(fixture, input)).get(0);

    await produceRaw(fixture.kafka, input, [
      jsonMessage(sampleTransaction(0)),
      jsonMessage(sampleTransaction(1)),
      jsonMessage(sampleTransaction(2)),
      notJson(3),
    ]);
    const first = countRequests(fixture.kafka);
    const firstSeen: string[] = [];
    const one = startRunner<TransactionEvent>(fixture, {
      kafka: first.kafka,
      subscriptions,
      offsetCommits: 'handler',
      handler: transactionalHandler(first.kafka, firstSeen),
    });
    runners.push(one.runner);
    await one.started;
    // The handler's transaction commits 3 (after evt-2); only the runner can commit past offset 3.
    await waitFor(async () => ((await committed()) === 4 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'offset 4 committed',
    });
    await one.runner.stop();
    expect(firstSeen).toEqual(['evt-0', 'evt-1', 'evt-2']);
    expect(first.counts.transactionalProducers.get('TxnOffsetCommit') ?? 0).toBeGreaterThan(0);
    expect(first.counts.consumers.get('OffsetCommit') ?? 0).toBe(1);
    expect(await dlqRecords()).toBe(1);

    // Same group again, now with a slice of bad records only: the handler is never called, the
    // runner commits, and offset 3 is not read (nor dead-lettered) a second time.
    await produceRaw(fixture.kafka, input, [notJson(4), notJson(5)]);
    const second = countRequests(fixture.kafka);
    const secondSeen: string[] = [];
    const two = startRunner<TransactionEvent>(fixture, {
      kafka: second.kafka,
      subscriptions,
      offsetCommits: 'handler',
      handler: transactionalHandler(second.kafka, secondSeen),
    });
    runners.push(two.runner);
    await two.started;
    await waitFor(async () => ((await committed()) === 6 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'offset 6 committed',
    });
    await two.runner.stop();
    expect(secondSeen).toEqual([]);
    expect(second.counts.consumers.get('OffsetCommit') ?? 0).toBe(1);
    expect(await dlqRecords()).toBe(3);
    expect(
      await metricValue(two.registry, 'vigil_kafka_dead_letters_total', { topic: input }),
    ).toBe(2);
  });
});
