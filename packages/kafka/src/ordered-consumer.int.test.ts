import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import {
  capturingLogger,
  committedOffsets,
  countRequests,
  createKafkaFixture,
  FAST_GROUP,
  metricValue,
  passThroughOutputs,
  produceRaw,
  readAll,
  silentLogger,
  waitForAllCommitted,
  waitForCommittedOffset,
} from './int-harness.ts';
import { createAtLeastOncePublisher } from './at-least-once-publisher.ts';
import {
  createOrderedConsumer,
  type OrderedBatchHandler,
  type OrderedConsumer,
  type OrderedConsumerOptions,
} from './ordered-consumer.ts';
import { DLQ_HEADERS } from './dead-letter.ts';
import { PermanentRecordError } from './permanent-record-error.ts';
import {
  createTransactionalPublisher,
  type TransactionalPublisher,
} from './transactional-publisher.ts';

// The event-time merge on the real broker: co-partitioned topics, one transaction per batch, a
// backlog produced one topic after the other, skewed live producers, retries, two members.

const event = z.object({ id: z.string(), account: z.string(), at: z.number() });
type Event = z.infer<typeof event>;

let fx: KafkaFixture;
const running: { consumer: OrderedConsumer; publisher: TransactionalPublisher }[] = [];

beforeAll(async () => {
  fx = await createKafkaFixture([], { partitions: 2 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map(({ consumer }) => consumer.stop()));
});
afterAll(async () => {
  await fx.cleanup();
});

async function topicsOf(partitions: number, withDlq = false) {
  const names = ['tx', 'logins', 'changes'] as const;
  const created = await Promise.all(names.map((n) => fx.createTopic(n, partitions, withDlq)));
  const output = await fx.createTopic('out', partitions);
  return { inputs: created, output };
}

async function produce(kafka: Kafka, topic: string, events: readonly Event[]) {
  await produceRaw(
    kafka,
    topic,
    events.map((e) => ({ key: e.account, value: JSON.stringify(e) })),
  );
}

interface Started {
  consumer: OrderedConsumer;
  registry: Registry;
  /** Event ids in the order batches handed them over (retries included). */
  handled: string[];
  /** Event ids whose unit committed, in commit order. */
  committed: string[];
}

function start(
  inputs: readonly string[],
  output: string,
  options: Partial<OrderedConsumerOptions<Event>> & {
    groupId?: string;
    /** The Kafka the consumer and its publisher use (default the fixture's). */
    kafka?: Kafka;
    wrap?: (inner: OrderedBatchHandler<Event>) => OrderedBatchHandler<Event>;
    delivery?: 'exactly-once' | 'at-least-once';
  } = {},
): Started {
  const registry = new Registry();
  const groupId = options.groupId ?? fx.groupId;
  const kafka = options.kafka ?? fx.kafka;
  const publisher =
    options.delivery === 'at-least-once'
      ? createAtLeastOncePublisher({ kafka, registry, logger: silentLogger })
      : createTransactionalPublisher({
          kafka,
          groupId,
          transactionalIdPrefix: `${groupId}-tx`,
          registry,
          logger: silentLogger,
        });
  const handled: string[] = [];
  const committed: string[] = [];
  const inner: OrderedBatchHandler<Event> = (batch) => {
    for (const record of batch.records) handled.push(record.value.id);
    const outputs = passThroughOutputs(batch.records, output, event);
    return Promise.resolve({
      outputs,
      onCommitted: (units) => {
        for (const record of batch.records)
          if (units.has(record.partition)) committed.push(record.value.id);
      },
    });
  };
  const consumer = createOrderedConsumer<Event>({
    kafka,
    groupId,
    subscriptions: inputs.map((topic) => ({ topic, schema: event })),
    eventTime: (e) => e.at,
    handler: options.wrap ? options.wrap(inner) : inner,
    publisher,
    logger: silentLogger,
    registry,
    idleMs: 0,
    retry: { initialDelayMs: 50, maxDelayMs: 400 },
    maxWaitTimeMs: 200,
    ...FAST_GROUP,
    ...options,
  });
  running.push({ consumer, publisher });
  return { consumer, registry, handled, committed };
}

/**
 * Three topics' events for `accounts` accounts: event n of account a happens at n seconds + a ms,
 * on a topic that varies with n; each topic lists its events in the order they happened.
 */
function history(accounts: number, perAccount: number) {
  const byTopic: Event[][] = [[], [], []];
  for (let n = 0; n < perAccount; n++) {
    for (let a = 0; a < accounts; a++) {
      const topic = (n * 7 + a) % 3;
      byTopic[topic]!.push({
        id: `a${a}-${n}`,
        account: `acct-${a}`,
        at: 1_000_000 + n * 1_000 + a,
      });
    }
  }
  return byTopic;
}

const ids = (byTopic: Event[][]) => byTopic.flat().map((e) => e.id);
const atOf = (byTopic: Event[][]) => new Map(byTopic.flat().map((e) => [e.id, e.at]));

/** Each account's events (ids `a<n>-<k>`, first occurrence) in the order of their event times. */
function expectPerAccountOrder(eventIds: readonly string[], at: ReadonlyMap<string, number>) {
  const byAccount = new Map<string, number[]>();
  for (const id of new Set(eventIds)) {
    const account = id.split('-')[0]!;
    byAccount.set(account, [...(byAccount.get(account) ?? []), at.get(id)!]);
  }
  for (const times of byAccount.values()) expect(times).toEqual([...times].sort((a, b) => a - b));
}

describe('ordered consumer (real broker)', () => {
  it('processes a backlog written one topic after the other in event-time order, each output once', async () => {
    const { inputs, output } = await topicsOf(2);
    const byTopic = history(6, 40);
    // The topics are written at very different times: all changes, then logins, then payments.
    for (const i of [2, 1, 0]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    const run = start(inputs, output, { maxBufferedPerPartition: 8, maxBatchRecords: 25 });
    await run.consumer.start();
    await waitFor(() => (run.committed.length >= 240 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'all 240 committed',
    });

    // One consumer owns every unit: the whole backlog is handed out in event-time order.
    const at = atOf(byTopic);
    const times = [...new Set(run.handled)].map((id) => at.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(run.committed)).toEqual(new Set(ids(byTopic)));
    // Small buffers: partitions were paused and resumed, never more than 8 records each buffered.
    expect(
      await metricValue(run.registry, 'vigil_kafka_ordered_buffered_records', {}),
    ).toBeLessThanOrEqual(6 * 8);
    const out = await readAll(fx.kafka, output, 240);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(out).toHaveLength(240);
    for (const [i, topic] of inputs.entries()) {
      const produced = byTopic[i]!;
      const offsets = await committedOffsets(fx, topic);
      expect([...offsets.values()].reduce((a, b) => a + Math.max(0, b), 0)).toBe(produced.length);
    }
  });

  it('commits every unit of a batch in one transaction: one EndTxn per batch, not one per unit', async () => {
    const { inputs, output } = await topicsOf(4);
    const byTopic = history(8, 10);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    const { kafka, counts } = countRequests(fx.kafka);
    const unitsPerBatch: number[] = [];
    // Two schemas for one output topic, each refusing the other's messages (like the engine's
    // decisions and commands, or a pass-through of three input schemas): merged into one
    // transaction, each message is still validated with its own.
    const odd = event.extend({ id: z.string().regex(/^a[1357]-/) });
    const even = event.extend({ id: z.string().regex(/^a[0246]-/) });
    const run = start(inputs, output, {
      kafka,
      maxBatchRecords: 16,
      wrap: (inner) => async (batch, ctx) => {
        unitsPerBatch.push(new Set(batch.records.map((r) => r.partition)).size);
        const result = await inner(batch, ctx);
        const split = new Map(
          [...result.outputs].map(([unit, outputs]) => [
            unit,
            outputs.flatMap((o) => [
              {
                ...o,
                schema: odd,
                messages: o.messages.filter((m) => odd.safeParse(m.value).success),
              },
              {
                ...o,
                schema: even,
                messages: o.messages.filter((m) => even.safeParse(m.value).success),
              },
            ]),
          ]),
        );
        return { ...result, outputs: split };
      },
    });
    await run.consumer.start();
    await waitFor(() => (run.committed.length >= 80 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'all 80 committed',
    });
    // The accounts spread over the four units, so batches mix them.
    expect(Math.max(...unitsPerBatch)).toBeGreaterThan(1);
    const sum = unitsPerBatch.reduce((a, b) => a + b, 0);
    const endTxn = counts.transactionalProducers.get('EndTxn') ?? 0;
    expect(endTxn).toBeGreaterThan(0);
    expect(endTxn).toBeLessThanOrEqual(unitsPerBatch.length);
    expect(endTxn).toBeLessThan(sum);
    expect(counts.transactionalProducers.get('TxnOffsetCommit')).toBe(endTxn);
    const out = await readAll(fx.kafka, output, 80);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(out).toHaveLength(80);
  });

  it('waits the idle bound for a skewed producer: an earlier payment written later still goes first', async () => {
    const { inputs, output } = await topicsOf(2);
    const run = start(inputs, output, { idleMs: 2_000 });
    await run.consumer.start();
    await waitFor(() => (run.consumer.units().length === 2 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'units assigned',
    });
    await produce(fx.kafka, inputs[1]!, [{ id: 'login@200', account: 'acct-x', at: 200 }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await produce(fx.kafka, inputs[0]!, [{ id: 'payment@100', account: 'acct-x', at: 100 }]);
    await waitFor(() => (run.committed.length === 2 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'both committed',
    });
    expect(run.committed).toEqual(['payment@100', 'login@200']);
  });

  it('retries a failed batch and dead-letters a record that can never succeed: outputs exactly once', async () => {
    const { inputs, output } = await topicsOf(2, true);
    const byTopic = history(4, 15);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    let failures = 0;
    const { logger, said } = capturingLogger();
    const run = start(inputs, output, {
      maxBatchRecords: 10,
      logger,
      wrap: (inner) => async (batch, ctx) => {
        const poison = batch.records.find((r) => r.value.id === 'a2-7');
        if (poison) throw new PermanentRecordError(poison, 'TEST_POISON', 'never valid');
        if (failures < 2 && batch.records.length > 0) {
          failures += 1;
          throw new Error('transient outage');
        }
        return inner(batch, ctx);
      },
    });
    await run.consumer.start();
    await waitFor(() => (run.committed.length >= 59 ? true : undefined), {
      timeoutMs: 60_000,
      what: '59 committed',
    });
    expect(failures).toBe(2);
    expect(run.committed).not.toContain('a2-7');
    expect(new Set(run.committed).size).toBe(run.committed.length);
    const out = await readAll(fx.kafka, output, 59);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(out).toHaveLength(59);
    const dlq = inputs.map((t) => `${t}.dlq`);
    const letters = (
      await Promise.all(
        dlq.map(async (t) =>
          (await fx.admin.fetchTopicOffsets(t)).reduce((n, p) => n + Number(p.high), 0),
        ),
      )
    ).reduce((a, b) => a + b, 0);
    expect(letters).toBe(1);
    // The two failures in a row are one episode: one warning, the retry at debug, one line when
    // the batch went through.
    expect(said(40, 'handler failed; retrying')).toBe(1);
    expect(said(20, 'handler failed; retrying')).toBe(1);
    expect(said(30, 'handler succeeded again')).toBe(1);
  });

  it('finds and dead-letters the record a batch keeps failing on with a non-retryable error that names none', async () => {
    const { inputs, output } = await topicsOf(2, true);
    const byTopic = history(4, 15);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    const { logger, said } = capturingLogger();
    let failures = 0;
    const run = start(inputs, output, {
      maxBatchRecords: 10,
      logger,
      wrap: (inner) => async (batch, ctx) => {
        // What an adapter throws for state one event makes unreadable: no record named.
        if (batch.records.some((r) => r.value.id === 'a2-7')) {
          failures += 1;
          throw new VigilError('FEATURE_STATE_CORRUPT', 'unexpected counter value', {
            retryable: false,
          });
        }
        return inner(batch, ctx);
      },
    });
    await run.consumer.start();
    await waitFor(() => (run.committed.length >= 59 ? true : undefined), {
      timeoutMs: 60_000,
      what: '59 committed',
    });
    // Three attempts of its batch, then three of the record alone.
    expect(failures).toBe(6);
    expect(run.committed).not.toContain('a2-7');
    expect(new Set(run.committed).size).toBe(run.committed.length);
    const out = await readAll(fx.kafka, output, 59);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(out).toHaveLength(59);
    const letters = (
      await Promise.all(
        inputs.map(async (topic) => {
          const high = (await fx.admin.fetchTopicOffsets(`${topic}.dlq`)).reduce(
            (n, p) => n + Number(p.high),
            0,
          );
          return high === 0 ? [] : readAll(fx.kafka, `${topic}.dlq`, high);
        }),
      )
    ).flat();
    expect(letters).toHaveLength(1);
    expect(letters[0]?.headers?.[DLQ_HEADERS.errorCode]?.toString()).toBe('FEATURE_STATE_CORRUPT');
    expect(JSON.parse(letters[0]?.value?.toString() ?? '{}')).toMatchObject({ id: 'a2-7' });
    expect(
      said(
        40,
        'batch keeps failing with a non-retryable error: handing its records out one at a time',
      ),
    ).toBe(1);
    expect(
      await metricValue(run.registry, 'vigil_kafka_dead_letters_total', {
        code: 'FEATURE_STATE_CORRUPT',
      }),
    ).toBe(1);
  });

  it('a batch whose transaction fails while the next batch is decided commits neither: both are redone, each output once', async () => {
    const { inputs, output } = await topicsOf(2);
    const byTopic = history(6, 20);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    let failuresLeft = 3;
    const run = start(inputs, output, { maxBatchRecords: 7 });
    const real = running.at(-1)!.publisher;
    const commit = real.publish.bind(real);
    const flaky: Pick<TransactionalPublisher, 'publish'> = {
      publish: async (source, positions, outputs, ...rest) => {
        // One transaction per batch: every batch with a record of unit 1 fails, three times.
        if (positions.some((p) => p.partition === 1) && failuresLeft > 0) {
          failuresLeft -= 1;
          // Slow enough that the next batch is decided meanwhile, then the commit fails.
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('transaction aborted by the broker');
        }
        return commit(source, positions, outputs, ...rest);
      },
    };
    Object.assign(real, flaky);
    await run.consumer.start();
    const total = byTopic.flat().length;
    await waitFor(() => (new Set(run.committed).size >= total ? true : undefined), {
      timeoutMs: 60_000,
      what: 'every record committed',
    });
    expect(failuresLeft).toBe(0);
    expect(run.committed).toHaveLength(total);
    const at = atOf(byTopic);
    const first = [...new Set(run.handled)].map((id) => at.get(id)!);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    const out = await readAll(fx.kafka, output, total);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(out).toHaveLength(total);
  });

  it.each([
    { overlapFromRecords: 1, overlaps: true },
    { overlapFromRecords: 1_000, overlaps: false },
  ])(
    'live batches, overlapFromRecords $overlapFromRecords: records arriving while a batch commits are decided meanwhile ($overlaps), each output once',
    async ({ overlapFromRecords, overlaps }) => {
      const { inputs, output } = await topicsOf(2);
      let committing = 0;
      let decidedWhileCommitting = 0;
      const run = start(inputs, output, {
        overlapFromRecords,
        wrap: (inner) => (batch, ctx) => {
          if (committing > 0) decidedWhileCommitting += batch.records.length;
          return inner(batch, ctx);
        },
      });
      const real = running.at(-1)!.publisher;
      const commit = real.publish.bind(real);
      const slow: Pick<TransactionalPublisher, 'publish'> = {
        publish: async (...args) => {
          committing += 1;
          try {
            // A slow commit: the records produced meanwhile are ready before it ends.
            await new Promise((resolve) => setTimeout(resolve, 150));
            return await commit(...args);
          } finally {
            committing -= 1;
          }
        },
      };
      Object.assign(real, slow);
      await run.consumer.start();
      await waitFor(() => (run.consumer.units().length === 2 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'units assigned',
      });
      // Live: a few events every 40 ms, each batch handed over before the next ones arrive (they
      // are decided while it commits, not after).
      const byTopic = history(4, 12);
      for (let n = 0; n < 12; n++)
        await Promise.all(
          [0, 1, 2].map((i) =>
            produce(
              fx.kafka,
              inputs[i]!,
              byTopic[i]!.filter((e) => e.id.endsWith(`-${n}`)),
            ),
          ),
        ).then(() => new Promise((resolve) => setTimeout(resolve, 40)));
      const total = byTopic.flat().length;
      await waitFor(() => (run.committed.length >= total ? true : undefined), {
        timeoutMs: 30_000,
        what: 'every record committed',
      });
      expect(decidedWhileCommitting > 0).toBe(overlaps);
      expect(new Set(run.committed).size).toBe(total);
      // Each account's events committed in the order they happened, whatever topic carried them.
      const at = atOf(byTopic);
      const lastOf = new Map<string, number>();
      for (const id of run.committed) {
        const account = id.split('-')[0]!;
        expect(at.get(id)!).toBeGreaterThan(lastOf.get(account) ?? -1);
        lastOf.set(account, at.get(id)!);
      }
      const out = await readAll(fx.kafka, output, total);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(out).toHaveLength(total);
    },
  );

  it('batchIntervalMs: live batches start at least that far apart, gathering records per transaction; a whole batch buffered does not wait', async () => {
    const { inputs, output } = await topicsOf(2);
    const batches: { at: number; size: number }[] = [];
    const run = start(inputs, output, {
      batchIntervalMs: 400,
      maxBatchRecords: 64,
      wrap: (inner) => (batch, ctx) => {
        batches.push({ at: Date.now(), size: batch.records.length });
        return inner(batch, ctx);
      },
    });
    await run.consumer.start();
    await waitFor(() => (run.consumer.units().length === 2 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'units assigned',
    });
    // Live: four events every 40 ms for about a second (one batch each without the interval).
    const live = history(4, 24);
    for (let n = 0; n < 24; n++) {
      await Promise.all(
        [0, 1, 2].map((i) =>
          produce(
            fx.kafka,
            inputs[i]!,
            live[i]!.filter((e) => e.id.endsWith(`-${n}`)),
          ),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await waitFor(() => (run.committed.length >= 96 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the live records committed',
    });
    const liveBatches = batches.splice(0);
    const gaps = liveBatches.slice(1).map((b, i) => b.at - liveBatches[i]!.at);
    // Stamped in the handler, a moment after the batch was taken (a GC pause may fall between).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(390);
    expect(liveBatches.length).toBeLessThan(12);
    // A backlog: whole batches go one after the other; only the remainder waits.
    const backlog = history(8, 30).map((events) =>
      events.map((e) => ({ ...e, id: `b${e.id}`, at: e.at + 100_000 })),
    );
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, backlog[i]!);
    await waitFor(() => (run.committed.length >= 96 + 240 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the backlog committed',
    });
    const full = batches.filter((b) => b.size === 64);
    expect(full.length).toBeGreaterThanOrEqual(2);
    const backlogGaps = batches.slice(1).map((b, i) => b.at - batches[i]!.at);
    expect(Math.min(...backlogGaps)).toBeLessThan(390);
    expect(new Set(run.committed).size).toBe(96 + 240);
    // The live events of each account in the order they happened (the backlog, written one topic
    // after the other with no idle bound, is not ordered across topics: not what this tests).
    const at = atOf(live);
    const lastOf = new Map<string, number>();
    for (const id of run.committed.filter((id) => at.has(id))) {
      const account = id.split('-')[0]!;
      expect(at.get(id)!).toBeGreaterThan(lastOf.get(account) ?? -1);
      lastOf.set(account, at.get(id)!);
    }
  });

  it('at-least-once: outputs by the idempotent producer, offsets through the group; a commit lost after its outputs repeats them, loses nothing', async () => {
    const { inputs, output } = await topicsOf(2);
    const byTopic = history(6, 20);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    const run = start(inputs, output, { maxBatchRecords: 7, delivery: 'at-least-once' });
    const real = running.at(-1)!.publisher;
    const publish = real.publish.bind(real);
    // The first batch with outputs of unit 1: its outputs are acknowledged, then the process
    // "dies" before its offsets commit (the publish fails after producing): those go again.
    let repeated: string[] | undefined;
    const lostCommit: Pick<TransactionalPublisher, 'publish'> = {
      publish: async (source, positions, outputs, group, member) => {
        if (positions.some((p) => p.partition === 1) && !repeated && outputs.length > 0) {
          await publish(source, [], outputs, group, member);
          repeated = outputs.flatMap((o) => o.messages.map((m) => (m.value as Event).id));
          throw new Error('offset commit lost');
        }
        return publish(source, positions, outputs, group, member);
      },
    };
    Object.assign(real, lostCommit);
    await run.consumer.start();
    const total = byTopic.flat().length;
    await waitFor(() => (new Set(run.committed).size >= total ? true : undefined), {
      timeoutMs: 60_000,
      what: 'every record committed',
    });
    expect(repeated?.length).toBeGreaterThan(0);
    const out = await readAll(fx.kafka, output, total + repeated!.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const outIds = out.map((m) => (JSON.parse(m.value!.toString()) as Event).id);
    // Every record's output at least once; exactly the lost batch's twice, nothing else.
    expect(new Set(outIds)).toEqual(new Set(ids(byTopic)));
    expect(outIds).toHaveLength(total + repeated!.length);
    const twice = [...new Set(outIds.filter((id, i) => outIds.indexOf(id) !== i))].sort();
    expect(twice).toEqual([...repeated!].sort());
    // The group's committed offsets cover every record.
    for (const [i, topic] of inputs.entries()) {
      const offsets = await committedOffsets(fx, topic);
      expect([...offsets.values()].reduce((a, b) => a + Math.max(0, b), 0)).toBe(
        byTopic[i]!.length,
      );
    }
  });

  it('at-least-once with groupCommitIntervalMs: one OffsetCommit for many batches while running, every offset committed at stop, each output once', async () => {
    const { inputs, output } = await topicsOf(2);
    const byTopic = history(6, 20);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    const { kafka, counts } = countRequests(fx.kafka);
    let batches = 0;
    const run = start(inputs, output, {
      kafka,
      maxBatchRecords: 7,
      delivery: 'at-least-once',
      groupCommitIntervalMs: 60_000,
      wrap: (inner) => (batch, ctx) => {
        batches += 1;
        return inner(batch, ctx);
      },
    });
    await run.consumer.start();
    const total = byTopic.flat().length;
    await waitFor(() => (new Set(run.committed).size >= total ? true : undefined), {
      timeoutMs: 60_000,
      what: 'every record published',
    });
    expect(batches).toBeGreaterThan(10);
    // The first batch commits at once (nothing was committed before); the rest wait for the
    // interval, so the group is behind what was published while the consumer runs.
    expect(counts.consumers.get('OffsetCommit') ?? 0).toBe(1);
    const behind = await Promise.all(inputs.map((topic) => committedOffsets(fx, topic)));
    const sum = (offsets: Map<number, number>) =>
      [...offsets.values()].reduce((a, b) => a + Math.max(0, b), 0);
    expect(behind.reduce((a, offsets) => a + sum(offsets), 0)).toBeLessThan(total);
    await run.consumer.stop();
    running.splice(
      running.findIndex((r) => r.consumer === run.consumer),
      1,
    );
    expect(counts.consumers.get('OffsetCommit')).toBe(2);
    for (const [i, topic] of inputs.entries())
      expect(sum(await committedOffsets(fx, topic))).toBe(byTopic[i]!.length);
    const out = await readAll(fx.kafka, output, total);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(out).toHaveLength(total);
  });

  it('at-least-once with groupCommitIntervalMs: published offsets of units gone quiet are committed by the interval alone', async () => {
    const { inputs, output } = await topicsOf(2);
    const byTopic = history(4, 10);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    const run = start(inputs, output, {
      maxBatchRecords: 5,
      delivery: 'at-least-once',
      groupCommitIntervalMs: 500,
    });
    await run.consumer.start();
    for (const [i, topic] of inputs.entries())
      await waitForAllCommitted(fx, topic, byTopic[i]!.length);
  });

  it('commits past records it never hands out (dead letters) even when nothing else arrives', async () => {
    const { inputs, output } = await topicsOf(2, true);
    await produceRaw(fx.kafka, inputs[2]!, [
      { key: 'acct-1', value: 'not json' },
      { key: 'acct-1', value: '{"id":1}' },
    ]);
    const partition = (await fx.admin.fetchTopicOffsets(inputs[2]!)).find(
      (p) => Number(p.high) > 0,
    )!.partition;
    const run = start(inputs, output);
    await run.consumer.start();
    await waitForCommittedOffset(fx, inputs[2]!, partition, 2, 20_000);
    expect(await metricValue(run.registry, 'vigil_kafka_dead_letters_total', {})).toBe(2);
  });

  it('moves whole units between members and hands every record out once', async () => {
    const { inputs, output } = await topicsOf(4);
    const groupId = uniqueName('group');
    const byTopic = history(8, 20);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!.slice(0, 60));
    const first = start(inputs, output, { groupId, maxBatchRecords: 5 });
    await first.consumer.start();
    await waitFor(() => (first.committed.length >= 20 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'first member working',
    });
    const second = start(inputs, output, { groupId, maxBatchRecords: 5 });
    await second.consumer.start();
    await waitFor(
      () =>
        first.consumer.units().length === 2 && second.consumer.units().length === 2
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'units split between the two members' },
    );
    expect([...first.consumer.units(), ...second.consumer.units()].sort()).toEqual([0, 1, 2, 3]);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!.slice(60));
    const total = byTopic.flat().length;
    await waitFor(
      () => (new Set([...first.committed, ...second.committed]).size >= total ? true : undefined),
      {
        timeoutMs: 60_000,
        what: 'every record committed by one member or the other',
      },
    );
    // Per account, events are handed out in event-time order, whichever member had the account.
    for (const run of [first, second]) expectPerAccountOrder(run.handled, atOf(byTopic));
    const out = await readAll(fx.kafka, output, total);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(new Set(out.map((m) => (JSON.parse(m.value!.toString()) as Event).id)).size).toBe(total);
    expect(out).toHaveLength(total);
  });

  it('a member that keeps a unit across a rebalance while its buffers are full reads on: the partitions it had paused are resumed', async () => {
    const { inputs, output } = await topicsOf(2);
    const groupId = uniqueName('group');
    const byTopic = history(8, 60);
    for (const i of [0, 1, 2]) await produce(fx.kafka, inputs[i]!, byTopic[i]!);
    // Small buffers and a slow handler: the backlog fills every buffer, so every input partition
    // is paused when the second member joins.
    const slow: Parameters<typeof start>[2] = {
      groupId,
      maxBatchRecords: 5,
      maxBufferedPerPartition: 10,
      wrap: (inner) => async (batch, ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return inner(batch, ctx);
      },
    };
    const first = start(inputs, output, slow);
    await first.consumer.start();
    await waitFor(
      async () =>
        first.committed.length >= 20 &&
        (await metricValue(first.registry, 'vigil_kafka_paused_partitions', {})) >= 4
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the first member working with its partitions paused' },
    );
    const second = start(inputs, output, slow);
    await second.consumer.start();
    const total = byTopic.flat().length;
    // Had the kept partitions stayed paused, the first member would wait the lag bound (60 s)
    // for them, then decide past them out of order, and never read them again.
    await waitFor(
      () => (new Set([...first.committed, ...second.committed]).size >= total ? true : undefined),
      { timeoutMs: 45_000, what: 'every record committed by one member or the other' },
    );
    expect(first.consumer.units()).toHaveLength(1);
    expect(second.consumer.units()).toHaveLength(1);
    for (const run of [first, second])
      expect(await metricValue(run.registry, 'vigil_kafka_order_forced_total', {})).toBe(0);
    for (const run of [first, second]) expectPerAccountOrder(run.committed, atOf(byTopic));
  });

  it('refuses to start on input topics that are not co-partitioned', async () => {
    const a = await fx.createTopic('tx', 2);
    const b = await fx.createTopic('logins', 3);
    const output = await fx.createTopic('out', 2);
    const run = start([a, b], output);
    await expect(run.consumer.start()).rejects.toMatchObject({
      code: 'TOPICS_NOT_COPARTITIONED',
      retryable: false,
    });
    running.pop();
  });
});
