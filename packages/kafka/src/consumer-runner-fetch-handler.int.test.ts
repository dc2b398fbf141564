import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import type { KafkaFixture } from '@vigil/testing';
import { createConsumerRunner, type ConsumerRunner } from './consumer-runner.ts';
import type { ConsumedRecord } from './consumed-record.ts';
import { DLQ_HEADERS } from './dead-letter.ts';
import {
  createKafkaFixture,
  failingThenCounting,
  jsonMessage,
  metricValue,
  produceRaw,
  readAll,
  sampleTransaction,
  silentLogger,
  startRunner,
  waitForAllCommitted,
} from './int-harness.ts';
import { PermanentRecordError } from './permanent-record-error.ts';
import { Registry } from 'prom-client';

/** 60 records over 12 accounts, so each of the topic's three partitions holds some. */
const TOTAL = 60;
const records = () =>
  Array.from({ length: TOTAL }, (_, n) => jsonMessage(sampleTransaction(n, `acc-${n % 12}`)));

describe('consumer runner: one handler call per fetch (fetchHandler)', () => {
  let fixture: KafkaFixture;
  let topic: string;
  let runner: ConsumerRunner | undefined;
  beforeEach(async () => {
    fixture = await createKafkaFixture(['payments.transactions.v1'], {
      partitions: 3,
      withDlq: true,
    });
    topic = fixture.topics['payments.transactions.v1']!;
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await fixture.cleanup();
  });

  /** Every record but evt-29 handled; evt-29 in the dead-letter topic with `code`. */
  async function expectOnlyEvt29DeadLettered(processed: readonly string[], code: string) {
    expect(new Set(processed)).toEqual(
      new Set(Array.from({ length: TOTAL }, (_, n) => `evt-${n}`).filter((id) => id !== 'evt-29')),
    );
    const [letter] = await readAll(fixture.kafka, `${topic}.dlq`, 1);
    expect(letter?.headers?.[DLQ_HEADERS.errorCode]?.toString()).toBe(code);
    expect(JSON.parse(letter?.value?.toString() ?? '{}')).toMatchObject({ eventId: 'evt-29' });
  }

  it('hands the records of every partition a fetch returned to one call, each partition in offset order', async () => {
    await produceRaw(fixture.kafka, topic, records());
    const calls: ConsumedRecord<TransactionEvent>[][] = [];
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      fetchHandler: (batch) => {
        calls.push(batch);
        return Promise.resolve();
      },
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, TOTAL);

    // Sets: a rebalance on a busy broker may hand handled records over again (at-least-once).
    const handled = calls.flat().map((r) => r.value.eventId);
    expect(new Set(handled)).toEqual(new Set(Array.from({ length: TOTAL }, (_, n) => `evt-${n}`)));
    // Everything was there before the member joined: its first fetch returned all three
    // partitions, and one call took them all.
    expect(new Set(calls[0]?.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
    expect(calls[0]).toHaveLength(TOTAL);
    for (const call of calls)
      for (const partition of [0, 1, 2]) {
        const offsets = call.filter((r) => r.partition === partition).map((r) => BigInt(r.offset));
        expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
    expect(
      await metricValue(started.registry, 'vigil_kafka_records_processed_total', { topic }),
    ).toBe(handled.length);
    expect(
      await metricValue(started.registry, 'vigil_kafka_handler_calls_total', {
        group: fixture.groupId,
      }),
    ).toBe(calls.length);
  });

  it('retries the whole call after a retryable failure, losing and doubling nothing', async () => {
    await produceRaw(fixture.kafka, topic, records());
    const flaky = failingThenCounting(2);
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      maxBatchRecords: 8,
      fetchHandler: flaky.handle,
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, TOTAL);

    flaky.expectEachOnce(TOTAL);
    expect(
      await metricValue(started.registry, 'vigil_kafka_handler_retries_total', {
        topic,
        code: 'DEPENDENCY_UNAVAILABLE',
      }),
    ).toBe(2);
  });

  it('finds and dead-letters the record a call keeps failing on with a non-retryable error that names none', async () => {
    await produceRaw(fixture.kafka, topic, records());
    const processed: string[] = [];
    let failures = 0;
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      fetchHandler: (batch) => {
        if (batch.some((r) => r.value.eventId === 'evt-29')) {
          failures += 1;
          return Promise.reject(
            new VigilError('CASE_STATE_CORRUPT', 'unreadable row', { retryable: false }),
          );
        }
        processed.push(...batch.map((r) => r.value.eventId));
        return Promise.resolve();
      },
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, TOTAL);

    await expectOnlyEvt29DeadLettered(processed, 'CASE_STATE_CORRUPT');
    // Three attempts of the call that held it, then three of the record alone.
    expect(failures).toBe(6);
  });

  it('dead-letters the one record the call rejects with PermanentRecordError, whichever partition holds it', async () => {
    await produceRaw(fixture.kafka, topic, records());
    const processed: string[] = [];
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent }],
      fetchHandler: (batch) => {
        const poison = batch.find((r) => r.value.eventId === 'evt-29');
        if (poison)
          return Promise.reject(
            new PermanentRecordError(poison, 'FX_RATE_UNKNOWN', 'no rate for JPY'),
          );
        processed.push(...batch.map((r) => r.value.eventId));
        return Promise.resolve();
      },
    });
    runner = started.runner;
    await started.started;
    await waitForAllCommitted(fixture, topic, TOTAL);

    await expectOnlyEvt29DeadLettered(processed, 'FX_RATE_UNKNOWN');
    expect(
      await metricValue(started.registry, 'vigil_kafka_records_processed_total', { topic }),
    ).toBe(processed.length);
  });

  it('takes one of handler and fetchHandler, and commits a fetch through the runner only', () => {
    const base = {
      kafka: fixture.kafka,
      groupId: fixture.groupId,
      subscriptions: [{ topic, schema: transactionEvent }],
      logger: silentLogger,
      registry: new Registry(),
    };
    const none = { ...base } as unknown as Parameters<typeof createConsumerRunner>[0];
    expect(() => createConsumerRunner(none)).toThrow(/one of handler and fetchHandler/);
    expect(() =>
      createConsumerRunner({
        ...base,
        offsetCommits: 'handler',
        fetchHandler: () => Promise.resolve(),
      }),
    ).toThrow(/commits through the runner/);
  });
});
