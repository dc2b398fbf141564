import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { isVigilError } from '@vigil/errors';
import { TOPICS, transactionEvent, type TransactionEvent } from '@vigil/events';
import { uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import { ensureTopics } from './ensure-topics.ts';
import { createEventProducer, type EventProducer } from './event-producer.ts';
import {
  createKafkaFixture,
  metricValue,
  readAll,
  sampleTransaction,
  silentLogger,
} from './int-harness.ts';

async function highWatermarkSum(fixture: KafkaFixture, topic: string): Promise<number> {
  const offsets = await fixture.admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

describe('event producer and topic bootstrap', () => {
  let fixture: KafkaFixture;
  let producer: EventProducer;
  const registry = new Registry();
  const created: string[] = [];
  beforeAll(async () => {
    fixture = await createKafkaFixture(['payments.transactions.v1'], { partitions: 3 });
    producer = createEventProducer({ kafka: fixture.kafka, registry, logger: silentLogger });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    if (created.length > 0) await fixture.admin.deleteTopics({ topics: created });
    await fixture.cleanup();
  });

  it('publishes schema-valid JSON keyed by accountId and counts it', async () => {
    const topic = fixture.topics['payments.transactions.v1']!;
    const events = [sampleTransaction(1, 'acc-x'), sampleTransaction(2, 'acc-y')];
    await producer.publish(
      TOPICS.transactions,
      events.map((value) => ({ value })),
      { topicName: topic },
    );
    const read = await readAll(fixture.kafka, topic, 2);
    const byKey = new Map(
      read.map((m) => [m.key?.toString(), JSON.parse(m.value?.toString() ?? 'null') as unknown]),
    );
    expect(byKey.get('acc-x')).toEqual(events[0]);
    expect(byKey.get('acc-y')).toEqual(events[1]);
    expect(await metricValue(registry, 'vigil_kafka_records_produced_total', { topic })).toBe(2);
  });

  it('refuses to send a batch containing an invalid event, sending none of it', async () => {
    const topic = await fixture.createTopic('invalid.batch', 1);
    const invalid = {
      ...sampleTransaction(4),
      amount: { minor: 12.5, currency: 'JPY' },
    } as TransactionEvent;
    const error: unknown = await producer
      .send(topic, transactionEvent, [{ value: sampleTransaction(3) }, { value: invalid }])
      .catch((e: unknown) => e);
    expect(isVigilError(error) && error.code).toBe('PRODUCE_INVALID_EVENT');
    expect(isVigilError(error) && error.retryable).toBe(false);
    expect(await highWatermarkSum(fixture, topic)).toBe(0);
    expect(
      await metricValue(registry, 'vigil_kafka_produce_errors_total', {
        topic,
        code: 'PRODUCE_INVALID_EVENT',
      }),
    ).toBe(1);
  });

  it('ensureTopics creates missing topics with their .dlq twins and leaves existing ones alone', async () => {
    const name = uniqueName('bootstrap');
    created.push(name, `${name}.dlq`);
    expect((await ensureTopics(fixture.admin, [{ topic: name, partitions: 2 }])).sort()).toEqual([
      name,
      `${name}.dlq`,
    ]);
    expect(await ensureTopics(fixture.admin, [{ topic: name, partitions: 2 }])).toEqual([]);
    const meta = await fixture.admin.fetchTopicMetadata({ topics: [name, `${name}.dlq`] });
    expect(meta.topics.map((t) => t.partitions.length)).toEqual([2, 2]);
  });

  it('after a send the broker partly refused, the next records on the partition it appended are written too', async () => {
    // One request, two topics: the healthy one's batch is appended, the other refused
    // (max.message.bytes above a control batch, below the record). kafkajs then rolls back both
    // partitions' sequence numbers; a reused producer id would have the broker take the next
    // record on the healthy topic for a duplicate of the appended one and drop it.
    const healthy = await fixture.createTopic('partly.healthy', 1, false);
    const refusing = await fixture.createTopic('partly.refusing', 1, false);
    await fixture.setMaxMessageBytes(refusing, 1_024);
    const record = (id: string, bytes = 10) => ({
      key: 'acct-p',
      value: `${id}:${'x'.repeat(bytes)}`,
    });
    // The broker applies a topic's new config a moment after AlterConfigs answers (KRaft: once it
    // has the metadata record): until a record alone is refused, the request below could be taken
    // whole. What lands on the refusing topic meanwhile is not checked.
    await waitFor(
      () =>
        producer.sendRaw([{ topic: refusing, messages: [record('probe', 4_000)] }]).then(
          () => undefined,
          (refused: unknown) => refused,
        ),
      { timeoutMs: 5_000, what: 'the refusing topic to refuse a large record' },
    );
    const failed: unknown = await producer
      .sendRaw([
        { topic: healthy, messages: [record('first')] },
        { topic: refusing, messages: [record('big', 4_000)] },
      ])
      .catch((e: unknown) => e);
    expect(isVigilError(failed) && failed.message).toMatch(/larger than/);
    await producer.sendRaw([{ topic: healthy, messages: [record('second')] }]);
    const values = (await readAll(fixture.kafka, healthy, 2)).map((m) =>
      m.value!.toString().slice(0, 6),
    );
    expect(values.sort()).toEqual(['first:', 'second']);
  });
});
