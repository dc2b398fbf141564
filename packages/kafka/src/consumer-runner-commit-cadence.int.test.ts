import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import { waitFor, type KafkaFixture } from '@vigil/testing';
import type { ConsumerRunner, ConsumerRunnerSettings } from './consumer-runner.ts';
import {
  committedOffsets,
  countRequests,
  createKafkaFixture,
  jsonMessage,
  metricValue,
  produceRaw,
  sampleTransaction,
  startRunner,
  waitForAllCommitted,
} from './int-harness.ts';

const TOTAL = 60;

describe('consumer runner: offset commit cadence', () => {
  let fixture: KafkaFixture;
  let topic: string;
  const runners: ConsumerRunner[] = [];
  beforeEach(async () => {
    fixture = await createKafkaFixture(['payments.transactions.v1'], { partitions: 3 });
    topic = fixture.topics['payments.transactions.v1']!;
    await produceRaw(
      fixture.kafka,
      topic,
      Array.from({ length: TOTAL }, (_, n) => jsonMessage(sampleTransaction(n))),
    );
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await fixture.cleanup();
  });

  /** A runner over the fixture's topic in slices of 4, counting its requests and slices. */
  async function run(options: Partial<ConsumerRunnerSettings<TransactionEvent>>) {
    const { kafka, counts } = countRequests(fixture.kafka);
    const handled = new Set<string>();
    let slices = 0;
    const started = startRunner<TransactionEvent>(
      { ...fixture, kafka },
      {
        subscriptions: [{ topic, schema: transactionEvent }],
        maxBatchRecords: 4,
        handler: (records) => {
          slices += 1;
          for (const r of records) handled.add(r.value.eventId);
          return Promise.resolve();
        },
        ...options,
      },
    );
    runners.push(started.runner);
    await started.started;
    await waitFor(() => (handled.size === TOTAL ? true : undefined), { what: 'all handled' });
    return {
      runner: started.runner,
      slices: () => slices,
      offsetCommits: () => counts.consumers.get('OffsetCommit') ?? 0,
      metric: () =>
        metricValue(started.registry, 'vigil_kafka_offset_commits_total', {
          group: fixture.groupId,
        }),
    };
  }
  const committedSum = async () =>
    [...(await committedOffsets(fixture, topic)).values()]
      .filter((o) => o > 0)
      .reduce((a, b) => a + b, 0);

  it('commits what is handled on every partition in one request per interval, and all of it at stop', async () => {
    const r = await run({ commitIntervalMs: 60_000 });
    expect(r.slices()).toBeGreaterThanOrEqual(TOTAL / 4);
    // The first slice commits at once; every later one waits for the interval.
    expect(r.offsetCommits()).toBe(1);
    expect(await committedSum()).toBeLessThan(TOTAL);

    await r.runner.stop();
    expect(await committedSum()).toBe(TOTAL);
    const ends = await fixture.admin.fetchTopicOffsets(topic);
    expect(await committedOffsets(fixture, topic)).toEqual(
      new Map(ends.map((p) => [p.partition, Number(p.offset)])),
    );
    expect(r.offsetCommits()).toBe(2);
    expect(await r.metric()).toBe(2);
  });

  it('partitions gone quiet are committed by the idle flush within the interval, no stop needed', async () => {
    const r = await run({ commitIntervalMs: 300 });
    await waitForAllCommitted(fixture, topic, TOTAL);
    expect(r.slices()).toBeGreaterThanOrEqual(TOTAL / 4);
    // Every slice landed within a few intervals: a handful of requests, not one per slice.
    expect(r.offsetCommits()).toBeLessThanOrEqual(4);
    expect(r.offsetCommits()).toBeLessThan(r.slices() / 3);
  });

  it('interval 0 commits every slice as it is handled (one request each)', async () => {
    // One partition at a time: concurrent partitions would share a request that is in flight.
    const r = await run({ commitIntervalMs: 0, partitionsConsumedConcurrently: 1 });
    await waitForAllCommitted(fixture, topic, TOTAL);
    expect(r.offsetCommits()).toBe(r.slices());
  });
});
