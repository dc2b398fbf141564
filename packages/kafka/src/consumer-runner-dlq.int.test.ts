import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import type { KafkaFixture } from '@vigil/testing';
import type { ConsumedRecord } from './consumed-record.ts';
import { DLQ_HEADERS } from './dead-letter.ts';
import {
  createKafkaFixture,
  jsonMessage,
  metricValue,
  produceRaw,
  readAll,
  sampleTransaction,
  startRunner,
  waitForCommittedOffset,
} from './int-harness.ts';
import type { ConsumerRunner } from './consumer-runner.ts';

describe('consumer runner: bad records go to the DLQ, good ones are processed', () => {
  let fixture: KafkaFixture;
  let runner: ConsumerRunner | undefined;
  beforeAll(async () => {
    fixture = await createKafkaFixture(['payments.transactions.v1'], {
      partitions: 1,
      withDlq: true,
    });
  });
  afterAll(async () => {
    await runner?.stop();
    await fixture.cleanup();
  });

  it('dead-letters malformed, mistyped, incomplete, oversized and binary records with original bytes and reasons', async () => {
    const topic = fixture.topics['payments.transactions.v1']!;
    const { amount: _amount, ...missingAmount } = sampleTransaction(3);
    const bad = {
      notJson: Buffer.from('{"eventId": "evt-x", '),
      wrongType: Buffer.from(
        JSON.stringify({ ...sampleTransaction(2), amount: { minor: '12', currency: 'JPY' } }),
      ),
      missingField: Buffer.from(JSON.stringify(missingAmount)),
      oversized: Buffer.from(
        JSON.stringify({ ...sampleTransaction(4), padding: 'x'.repeat(3_000) }),
      ),
      binary: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b, 0xc3]),
    };
    await produceRaw(fixture.kafka, topic, [
      jsonMessage(sampleTransaction(0)),
      { key: 'acc-bad', value: bad.notJson, headers: { 'trace-id': 'trace-1' } },
      jsonMessage(sampleTransaction(1)),
      { key: 'acc-bad', value: bad.wrongType },
      { key: 'acc-bad', value: bad.missingField },
      jsonMessage(sampleTransaction(5)),
      { key: 'acc-bad', value: bad.oversized },
      { key: 'acc-bad', value: bad.binary },
      // Unknown extra fields are accepted and stripped.
      jsonMessage({ ...sampleTransaction(6), futureField: 'ignored' } as TransactionEvent),
    ]);

    const handled: ConsumedRecord<TransactionEvent>[] = [];
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      maxRecordBytes: 2_000,
      handler: (records) => {
        handled.push(...records);
        return Promise.resolve();
      },
    });
    runner = started.runner;
    await started.started;

    await waitForCommittedOffset(fixture, topic, 0, 9, 30_000);
    expect(handled.map((r) => r.value.eventId)).toEqual(['evt-0', 'evt-1', 'evt-5', 'evt-6']);
    expect(handled.map((r) => r.offset)).toEqual(['0', '2', '5', '8']);
    expect(handled[0]).toMatchObject({ topic, partition: 0, key: 'acc-0' });
    expect(handled[3]?.value).not.toHaveProperty('futureField');

    const letters = await readAll(fixture.kafka, `${topic}.dlq`, 5);
    const header = (i: number, name: string) => letters[i]?.headers?.[name]?.toString();
    expect(letters.map((_, i) => header(i, DLQ_HEADERS.errorCode))).toEqual([
      'RECORD_NOT_JSON',
      'RECORD_SCHEMA_INVALID',
      'RECORD_SCHEMA_INVALID',
      'RECORD_TOO_LARGE',
      'RECORD_NOT_UTF8',
    ]);
    expect(letters.map((l) => l.value)).toEqual([
      bad.notJson,
      bad.wrongType,
      bad.missingField,
      bad.oversized,
      bad.binary,
    ]);
    expect(letters.map((_, i) => header(i, DLQ_HEADERS.sourceOffset))).toEqual([
      '1',
      '3',
      '4',
      '6',
      '7',
    ]);
    for (let i = 0; i < letters.length; i++) {
      expect(letters[i]?.key?.toString()).toBe('acc-bad');
      expect(header(i, DLQ_HEADERS.sourceTopic)).toBe(topic);
      expect(header(i, DLQ_HEADERS.sourcePartition)).toBe('0');
      expect(Date.parse(header(i, DLQ_HEADERS.failedAt) ?? '')).not.toBeNaN();
    }
    expect(header(0, 'trace-id')).toBe('trace-1');
    expect(header(1, DLQ_HEADERS.errorMessage)).toContain('amount.minor');
    expect(header(2, DLQ_HEADERS.errorMessage)).toContain('amount');

    expect(
      await metricValue(started.registry, 'vigil_kafka_dead_letters_total', {
        topic,
        code: 'RECORD_SCHEMA_INVALID',
      }),
    ).toBe(2);
    expect(await metricValue(started.registry, 'vigil_kafka_dead_letters_total', { topic })).toBe(
      5,
    );
    expect(
      await metricValue(started.registry, 'vigil_kafka_records_processed_total', { topic }),
    ).toBe(4);
    expect(
      await metricValue(started.registry, 'vigil_kafka_consumer_lag', { topic, partition: '0' }),
    ).toBe(0);
    expect(await metricValue(started.registry, 'vigil_kafka_consumer_up', {})).toBe(1);
    expect(await runner.isReady()).toBe(true);
  });
});
