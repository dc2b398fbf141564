import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import type { KafkaFixture } from '@vigil/testing';
import type { ConsumerRunner } from './consumer-runner.ts';
import { DLQ_HEADERS } from './dead-letter.ts';
import {
  capturingLogger,
  createKafkaFixture,
  failingThenCounting,
  jsonMessage,
  metricValue,
  produceRaw,
  readAll,
  sampleTransaction,
  startRunner,
  waitForAllCommitted,
} from './int-harness.ts';
import { perKeyInOrder } from './per-key-in-order.ts';
import { PermanentRecordError } from './permanent-record-error.ts';

describe('consumer runner: retries and permanent record failures', () => {
  let fixture: KafkaFixture;
  let topic: string;
  let runner: ConsumerRunner | undefined;
  beforeEach(async () => {
    fixture = await createKafkaFixture(['payments.transactions.v1'], {
      partitions: 2,
      withDlq: true,
    });
    topic = fixture.topics['payments.transactions.v1']!;
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await fixture.cleanup();
  });

  it('stalls and retries a batch whose handler throws a retryable error, losing and doubling nothing', async () => {
    const total = 40;
    await produceRaw(
      fixture.kafka,
      topic,
      Array.from({ length: total }, (_, n) => jsonMessage(sampleTransaction(n))),
    );
    const flaky = failingThenCounting(3);
    const { logger, said } = capturingLogger();
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      logger,
      maxBatchRecords: 7,
      handler: flaky.handle,
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, total);

    flaky.expectEachOnce(total);
    expect(
      await metricValue(started.registry, 'vigil_kafka_handler_retries_total', {
        topic,
        code: 'DEPENDENCY_UNAVAILABLE',
      }),
    ).toBe(3);
    // One warning per partition whose slice kept failing, not one per retry; one line each when
    // it went through again.
    const warned = said(40, 'handler failed; retrying');
    expect(warned).toBeGreaterThanOrEqual(1);
    expect(warned).toBeLessThanOrEqual(2);
    expect(warned + said(20, 'handler failed; retrying')).toBe(3);
    expect(said(30, 'handler succeeded again')).toBe(warned);
    expect(
      await metricValue(started.registry, 'vigil_kafka_records_processed_total', { topic }),
    ).toBe(total);
    // Delivery delay is observed once per record, when its slice first reaches the handler.
    const delay = await started.registry
      .getSingleMetric('vigil_kafka_consume_delay_seconds')
      ?.get();
    const counted = delay?.values.find(
      (v) =>
        'metricName' in v &&
        v.metricName === 'vigil_kafka_consume_delay_seconds_count' &&
        v.labels.topic === topic,
    );
    expect(counted?.value).toBe(total);
  });

  it('dead-letters the record a batch handler rejects with PermanentRecordError and processes the rest', async () => {
    await produceRaw(
      fixture.kafka,
      topic,
      Array.from({ length: 10 }, (_, n) => jsonMessage(sampleTransaction(n, 'acc-1'))),
    );
    const processed: string[] = [];
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      handler: (records) => {
        const poison = records.find((r) => r.value.eventId === 'evt-4');
        if (poison)
          return Promise.reject(
            new PermanentRecordError(poison, 'FX_RATE_UNKNOWN', 'no rate for JPY'),
          );
        processed.push(...records.map((r) => r.value.eventId));
        return Promise.resolve();
      },
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, 10);

    expect(processed).toEqual([
      'evt-0',
      'evt-1',
      'evt-2',
      'evt-3',
      'evt-5',
      'evt-6',
      'evt-7',
      'evt-8',
      'evt-9',
    ]);
    const [letter] = await readAll(fixture.kafka, `${topic}.dlq`, 1);
    expect(letter?.headers?.[DLQ_HEADERS.errorCode]?.toString()).toBe('FX_RATE_UNKNOWN');
    expect(JSON.parse(letter?.value?.toString() ?? '{}')).toMatchObject({ eventId: 'evt-4' });
    expect(
      await metricValue(started.registry, 'vigil_kafka_dead_letters_total', {
        topic,
        code: 'FX_RATE_UNKNOWN',
      }),
    ).toBe(1);
  });

  it('perKeyInOrder dead-letters a poison record once even when its batch is retried for another record of the same key', async () => {
    await produceRaw(
      fixture.kafka,
      topic,
      Array.from({ length: 12 }, (_, n) => jsonMessage(sampleTransaction(n, `acc-${n % 3}`))),
    );
    const effects = new Map<string, number>();
    let transientLeft = 2;
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      handler: perKeyInOrder<TransactionEvent>(
        (record) => {
          const id = record.value.eventId;
          if (id === 'evt-1')
            return Promise.reject(new PermanentRecordError(record, 'POISON', 'cannot score'));
          if (id === 'evt-10' && transientLeft > 0) {
            transientLeft--;
            return Promise.reject(new Error('timeout'));
          }
          // Idempotent effect keyed by eventId, as every Vigil effect is.
          effects.set(id, 1);
          return Promise.resolve();
        },
        { concurrency: 3 },
      ),
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, 12);

    expect([...effects.keys()].sort()).toEqual(
      Array.from({ length: 12 }, (_, n) => `evt-${n}`)
        .filter((id) => id !== 'evt-1')
        .sort(),
    );
    expect(
      await metricValue(started.registry, 'vigil_kafka_dead_letters_total', {
        topic,
        code: 'POISON',
      }),
    ).toBe(1);
    expect(transientLeft).toBe(0);
  });
});
