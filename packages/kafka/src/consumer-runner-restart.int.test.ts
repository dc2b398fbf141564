import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import { waitFor, type KafkaFixture } from '@vigil/testing';
import type { ConsumerRunner } from './consumer-runner.ts';
import {
  committedOffsets,
  createKafkaFixture,
  jsonMessage,
  produceRaw,
  sampleTransaction,
  startRunner,
  waitForAllCommitted,
} from './int-harness.ts';
import { perKeyInOrder } from './per-key-in-order.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('consumer runner: stop, takeover and ordering', () => {
  let fixture: KafkaFixture;
  let topic: string;
  const runners: ConsumerRunner[] = [];
  beforeEach(async () => {
    fixture = await createKafkaFixture(['payments.transactions.v1'], {
      partitions: 1,
      withDlq: true,
    });
    topic = fixture.topics['payments.transactions.v1']!;
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await fixture.cleanup();
  });

  it('a runner torn down mid-batch without committing loses nothing: the next one in the group reprocesses', async () => {
    const total = 20;
    await produceRaw(
      fixture.kafka,
      topic,
      Array.from({ length: total }, (_, n) => jsonMessage(sampleTransaction(n))),
    );
    const subscriptions = [{ topic, schema: transactionEvent }];
    // First runner applies its effects and then fails before it can commit (a crash after the work).
    const firstSeen = new Set<string>();
    const first = startRunner<TransactionEvent>(fixture, {
      subscriptions,
      maxBatchRecords: 8,
      handler: (records) => {
        for (const r of records) firstSeen.add(r.value.eventId);
        return Promise.reject(new Error('connection lost'));
      },
    });
    runners.push(first.runner);
    await first.started;
    await waitFor(() => (firstSeen.size > 0 ? true : undefined), {
      what: 'first runner mid-batch',
    });
    await first.runner.stop();
    expect(await first.runner.isReady()).toBe(false);
    expect((await committedOffsets(fixture, topic)).get(0) ?? -1).toBeLessThanOrEqual(0);

    const secondSeen = new Map<string, number>();
    const second = startRunner<TransactionEvent>(fixture, {
      subscriptions,
      handler: (records) => {
        for (const r of records)
          secondSeen.set(r.value.eventId, (secondSeen.get(r.value.eventId) ?? 0) + 1);
        return Promise.resolve();
      },
    });
    runners.push(second.runner);
    await second.started;
    await waitForAllCommitted(fixture, topic, total);
    expect(secondSeen.size).toBe(total);
    for (const id of firstSeen) expect(secondSeen.get(id)).toBe(1);
  });

  it('stop() drains: the in-flight slice finishes and commits, and the successor starts after it', async () => {
    const total = 40;
    await produceRaw(
      fixture.kafka,
      topic,
      Array.from({ length: total }, (_, n) => jsonMessage(sampleTransaction(n))),
    );
    const subscriptions = [{ topic, schema: transactionEvent }];
    const firstDone: string[] = [];
    let inFlight = 0;
    const first = startRunner<TransactionEvent>(fixture, {
      subscriptions,
      maxBatchRecords: 5,
      handler: async (records) => {
        inFlight = records.length;
        await tick(400);
        firstDone.push(...records.map((r) => r.value.eventId));
        inFlight = 0;
      },
    });
    runners.push(first.runner);
    await first.started;
    await waitFor(() => (firstDone.length >= 5 && inFlight > 0 ? true : undefined), {
      what: 'second slice in flight',
    });
    await first.runner.stop();
    expect(inFlight).toBe(0);
    expect(firstDone.length).toBeGreaterThanOrEqual(10);
    expect(firstDone.length).toBeLessThan(total);
    expect((await committedOffsets(fixture, topic)).get(0)).toBe(firstDone.length);

    const secondDone: string[] = [];
    const second = startRunner<TransactionEvent>(fixture, {
      subscriptions,
      handler: (records) => {
        secondDone.push(...records.map((r) => r.value.eventId));
        return Promise.resolve();
      },
    });
    runners.push(second.runner);
    await second.started;
    await waitForAllCommitted(fixture, topic, total);
    expect([...firstDone, ...secondDone]).toEqual(
      Array.from({ length: total }, (_, n) => `evt-${n}`),
    );
  });

  it('keeps per-key order across partitions with concurrency > 1', async () => {
    const multi = await fixture.createTopic('payments.transactions.v1.multi', 3);
    const total = 90;
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await produceRaw(
      fixture.kafka,
      multi,
      Array.from({ length: total }, (_, n) =>
        jsonMessage(sampleTransaction(n, `acc-${keys[n % keys.length]}`)),
      ),
    );
    const perKey = new Map<string, number[]>();
    let active = 0;
    let maxActive = 0;
    const started = startRunner<TransactionEvent>(fixture, {
      subscriptions: [{ topic: multi, schema: transactionEvent }],
      partitionsConsumedConcurrently: 3,
      maxBatchRecords: 15,
      handler: perKeyInOrder<TransactionEvent>(
        async (record) => {
          maxActive = Math.max(maxActive, ++active);
          await tick(1 + (Number(record.value.transactionId.slice(3)) % 4));
          const seq = perKey.get(record.value.accountId) ?? [];
          seq.push(Number(record.value.eventId.slice(4)));
          perKey.set(record.value.accountId, seq);
          active--;
        },
        { concurrency: 4 },
      ),
    });
    runners.push(started.runner);
    await started.started;
    await waitForAllCommitted(fixture, multi, total);

    expect(maxActive).toBeGreaterThan(1);
    for (const key of keys) {
      const seq = perKey.get(`acc-${key}`) ?? [];
      expect(seq).toHaveLength(total / keys.length);
      expect(seq).toEqual([...seq].sort((x, y) => x - y));
    }
  });
});
