import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import { waitFor, type KafkaFixture } from '@vigil/testing';
import type { CheckResult } from '@vigil/observability';
import {
  createKafkaFixture,
  accountEvents,
  produceAccountEvents,
  type AccountEvent,
  silentLogger,
  startAccountPassThrough,
} from './int-harness.ts';
import type { OrderedConsumer } from './ordered-consumer.ts';

// A member that stays in its group while none of its batches commits: every batch fails the way
// the engine's do while its feature store refuses every call (a retryable dependency error), so
// records wait and nothing moves, while the member heartbeats and fetches on the real broker.
// health() says so once records have waited stallMs without a commit, is fine again once a batch
// commits, and is never stalled while idle.

type Event = AccountEvent;
const STALL_MS = 3_000;

let fx: KafkaFixture;
const consumers: OrderedConsumer[] = [];
beforeAll(async () => {
  fx = await createKafkaFixture([], { partitions: 2 });
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
});
afterAll(async () => {
  await fx.cleanup();
});

function start(
  input: string,
  output: string,
): { consumer: OrderedConsumer; committed: string[]; failing: { now: boolean } } {
  const failing = { now: false };
  const { consumer, committed } = startAccountPassThrough({
    kafka: fx.kafka,
    input,
    output,
    groupId: fx.groupId,
    transactionalIdPrefix: `${fx.groupId}-tx`,
    logger: silentLogger,
    stallMs: STALL_MS,
    fail: () =>
      failing.now
        ? new VigilError('DEPENDENCY_UNAVAILABLE', 'feature store refused the call', {
            retryable: true,
          })
        : undefined,
  });
  consumers.push(consumer);
  return { consumer, committed, failing };
}

const events = accountEvents;
const produce = (topic: string, batch: readonly Event[]) =>
  produceAccountEvents(fx.kafka, topic, batch);

async function healthUntil(
  consumer: OrderedConsumer,
  wanted: (result: CheckResult) => boolean,
  what: string,
): Promise<CheckResult> {
  return waitFor(
    async () => {
      const result = await consumer.health();
      return wanted(result) ? result : undefined;
    },
    { timeoutMs: 30_000, what },
  );
}

describe('ordered consumer stall (real broker)', () => {
  it('reports a member none of whose batches commits, and recovers with the first commit', async () => {
    const input = await fx.createTopic('in', 2);
    const output = await fx.createTopic('out', 2);
    const run = start(input, output);
    await run.consumer.start();
    await produce(input, events(0, 4));
    await waitFor(() => (run.committed.length >= 4 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'first events committed',
    });
    // Idle past the bound: nothing waits, so nothing is stalled.
    await new Promise((resolve) => setTimeout(resolve, STALL_MS + 500));
    expect((await run.consumer.health()).ok).toBe(true);

    run.failing.now = true;
    const refusedFrom = Date.now();
    await produce(input, events(100, 4));
    const stalled = await healthUntil(run.consumer, (r) => !r.ok, 'health not ok');
    expect(stalled.reason).toMatch(/no batch committed for \d+ s while records wait/);
    expect(Date.now() - refusedFrom).toBeGreaterThanOrEqual(STALL_MS);
    expect(run.committed).toHaveLength(4);

    run.failing.now = false;
    await waitFor(() => (run.committed.length >= 8 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the waiting events committed once the batches succeed',
    });
    expect((await run.consumer.health()).ok).toBe(true);
  });
});
