import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type KafkaFixture } from '@vigil/testing';
import {
  accountEvent,
  createKafkaFixture,
  FAST_GROUP,
  metricValue,
  passThroughOutputs,
  silentLogger,
  type AccountEvent,
} from './int-harness.ts';
import { createOrderedConsumer } from './ordered-consumer.ts';
import { createTransactionalPublisher } from './transactional-publisher.ts';

let fx: KafkaFixture;

beforeAll(async () => {
  fx = await createKafkaFixture([], { partitions: 1 });
});
afterAll(async () => {
  await fx.cleanup();
});

// One fetch reads its partitions one after another: it can return a record just appended to one
// partition and report another caught up just before the earlier record written with it lands
// (one produce request, or a transaction whose markers are written a partition at a time). With
// "caught up" taken from that same fetch, this test handed out 9 and 3 of 3,000 records before an
// earlier one (2026-12-06); the merge now takes it only from a fetch sent after the record came.

describe('ordered consumer against writes that span partitions (real broker)', () => {
  it('never hands out a record before an earlier one written with it, with no idle bound', async () => {
    const handled: AccountEvent[] = [];
    const { inputs, consumer, registry } = await startPassThrough(fx.groupId, {
      idleMs: 0,
      maxWaitTimeMs: 200,
      onRecord: (e) => handled.push(e),
    });
    // Each write puts an account's earlier event on one topic and its next on the other, in one
    // request (plain) or one transaction (its markers land one partition at a time); which topic
    // holds the earlier event alternates, so either order of appends is exercised.
    const producer = fx.kafka.producer();
    const txProducer = fx.kafka.producer({
      transactionalId: `${fx.groupId}-upstream`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await Promise.all([producer.connect(), txProducer.connect()]);
    const writes = 1_500;
    try {
      for (let i = 0; i < writes; i++) {
        const early = { id: `w${i}-early`, account: `acct-${i % 5}`, at: 1_000_000 + 10 * i };
        const late = { ...early, id: `w${i}-late`, at: early.at + 1 };
        const [first, second] = i % 2 === 0 ? inputs : [...inputs].reverse();
        const topicMessages = [
          { topic: first!, messages: [message(early)] },
          { topic: second!, messages: [message(late)] },
        ];
        if (i % 4 < 2) {
          await producer.sendBatch({ acks: -1, topicMessages });
        } else {
          const txn = await txProducer.transaction();
          await txn.sendBatch({ acks: -1, topicMessages });
          await txn.commit();
        }
      }
    } finally {
      await Promise.all([producer.disconnect(), txProducer.disconnect()]);
    }
    await waitFor(() => (handled.length >= 2 * writes ? true : undefined), {
      timeoutMs: 60_000,
      what: 'every record handed out',
    });
    await consumer.stop();
    const inversions = handled.filter((e, i) => i > 0 && e.at < handled[i - 1]!.at);
    expect(inversions.map((e) => e.id)).toEqual([]);
    // The merge did hold records for a later fetch: what kept them in order.
    expect(
      await metricValue(registry, 'vigil_kafka_order_holds_total', { reason: 'unconfirmed' }),
    ).toBeGreaterThan(0);
  }, 180_000);

  it('a lone record waits one short fetch for that evidence, not the long poll', async () => {
    const handledAt = new Map<string, number>();
    const { inputs, consumer } = await startPassThrough(`${fx.groupId}-lone`, {
      idleMs: 2,
      // Idle traffic: every fetch is a 5 s long poll.
      maxWaitTimeMs: 5_000,
      onRecord: (e) => handledAt.set(e.id, Date.now()),
    });
    const producer = fx.kafka.producer();
    await producer.connect();
    const lags: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        // Let the consumer settle into its long poll.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const e = { id: `lone-${i}`, account: 'acct-1', at: 1_000 + i };
        const sent = Date.now();
        await producer.send({ topic: inputs[i % 2]!, acks: -1, messages: [message(e)] });
        await waitFor(() => handledAt.get(e.id), { timeoutMs: 20_000, what: e.id });
        lags.push(handledAt.get(e.id)! - sent);
      }
    } finally {
      await producer.disconnect();
      await consumer.stop();
    }
    // The fetch that brought it returned at once (new data); the one after it, sent short, tells
    // the other topic is still empty. Waiting out that fetch's 5 s poll instead is the failure.
    expect(Math.max(...lags)).toBeLessThan(2_500);
  }, 120_000);
});

/**
 * Two fresh single-partition topics read by an ordered consumer of `groupId` that passes every
 * record on (its own output topic, one transaction per batch), started and owning its unit.
 */
async function startPassThrough(
  groupId: string,
  options: { idleMs: number; maxWaitTimeMs: number; onRecord: (e: AccountEvent) => void },
) {
  const inputs = await Promise.all(['tx', 'logins'].map((n) => fx.createTopic(n, 1)));
  const output = await fx.createTopic('out', 1);
  const registry = new Registry();
  const consumer = createOrderedConsumer<AccountEvent>({
    kafka: fx.kafka,
    groupId,
    subscriptions: inputs.map((topic) => ({ topic, schema: accountEvent })),
    eventTime: (e) => e.at,
    handler: ({ records }) => {
      for (const r of records) options.onRecord(r.value);
      return Promise.resolve({ outputs: passThroughOutputs(records, output, accountEvent) });
    },
    publisher: createTransactionalPublisher({
      kafka: fx.kafka,
      groupId,
      transactionalIdPrefix: `${groupId}-tx`,
      registry,
      logger: silentLogger,
    }),
    logger: silentLogger,
    registry,
    idleMs: options.idleMs,
    maxWaitTimeMs: options.maxWaitTimeMs,
    ...FAST_GROUP,
  });
  await consumer.start();
  await waitFor(() => (consumer.units().length === 1 ? true : undefined), {
    timeoutMs: 20_000,
    what: 'unit assigned',
  });
  return { inputs, consumer, registry };
}

function message(e: AccountEvent) {
  return { key: e.account, value: JSON.stringify(e) };
}
