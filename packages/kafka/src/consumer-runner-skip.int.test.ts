import type { Message } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import { waitFor, type KafkaFixture } from '@vigil/testing';
import { headerIsOneOf } from './consumed-record.ts';
import type { ConsumerRunner } from './consumer-runner.ts';
import {
  createKafkaFixture,
  jsonMessage,
  metricValue,
  produceRaw,
  sampleTransaction,
  startRunner,
  waitForAllCommitted,
} from './int-harness.ts';

const skipped = headerIsOneOf('interest', ['none']);

describe('consumer runner: records skipped by their headers (real broker)', () => {
  let fixture: KafkaFixture;
  let topic: string;
  const runners: ConsumerRunner[] = [];
  beforeEach(async () => {
    fixture = await createKafkaFixture(['risk.decisions.v1'], { partitions: 1, withDlq: true });
    topic = fixture.topics['risk.decisions.v1']!;
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await fixture.cleanup();
  });

  it('never decodes or hands over a skipped record, and commits past it, a slice of only skipped records included', async () => {
    const none = { interest: 'none' };
    const messages: Message[] = [
      // A whole slice (3) of skipped records first, one of them not even JSON: never decoded,
      // so never dead-lettered.
      { ...jsonMessage(sampleTransaction(0)), headers: none },
      { key: 'acc-x', value: Buffer.from('{"not json'), headers: none },
      { ...jsonMessage(sampleTransaction(2)), headers: none },
      ...Array.from({ length: 12 }, (_, i) => {
        const n = i + 3;
        const message = jsonMessage(sampleTransaction(n));
        // Every third one skipped; another header value is read as usual.
        return n % 3 === 0
          ? { ...message, headers: none }
          : { ...message, headers: { interest: 'some' } };
      }),
    ];
    await produceRaw(fixture.kafka, topic, messages);
    const handled: string[] = [];
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic, schema: transactionEvent, skip: skipped }],
      maxBatchRecords: 3,
      handler: (records) => {
        handled.push(...records.map((r) => r.value.eventId));
        return Promise.resolve();
      },
    });
    runners.push(started.runner);
    await started.started;

    await waitForAllCommitted(fixture, topic, messages.length);
    const expected = Array.from({ length: 12 }, (_, i) => i + 3)
      .filter((n) => n % 3 !== 0)
      .map((n) => `evt-${n}`);
    await waitFor(() => (handled.length >= expected.length ? true : undefined), {
      what: 'the records not skipped handled',
    });
    expect(handled).toEqual(expected);
    expect(await metricValue(started.registry, 'vigil_kafka_dead_letters_total', {})).toBe(0);
  });
});
