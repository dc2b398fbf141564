import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import {
  accountEvent,
  accountEvents,
  createKafkaFixture,
  produceAccountEvents,
  startAccountPassThrough,
  type AccountEvent,
} from './int-harness.ts';
import type { OrderedConsumer } from './ordered-consumer.ts';

// The broker refuses every publish of a unit because of its output topic's config
// (max.message.bytes below the outputs: MESSAGE_TOO_LARGE). Records wait, health() reports the
// stall; once an operator raises the limit again (alterConfigs), commits resume within a bound,
// and stop() drains within a shutdown grace instead of hanging in a retry loop. The refusal is
// logged once per episode at error, not once per retry.
//
// A limit below a transaction's control batch (~80 bytes) is another matter: the coordinator's
// abort markers are refused too, which Kafka's coordinator treats as fatal, leaving the
// transactional id in PrepareAbort until it is reloaded (see output-refusal.ts). Fixing the
// config cannot help then; the consumer must still say so once and stop promptly.

const event = accountEvent;
type Event = AccountEvent;
/** Outputs of ~1 KiB: refused under a 512-byte limit that still holds a control batch. */
const padded = event.extend({ pad: z.string() });
const PAD = 'x'.repeat(1_000);
const STALL_MS = 3_000;
/** Far below the shutdown grace the services give a drain. */
const STOP_BOUND_MS = 10_000;

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

interface LogLine {
  level: number;
  msg: string;
  code?: string;
}

function capturingLogger(lines: LogLine[]) {
  return pino(
    { level: 'info' },
    {
      write(line: string) {
        const parsed = JSON.parse(line) as {
          level: number;
          msg: string;
          code?: string;
          err?: { code?: unknown };
        };
        const code = parsed.code ?? parsed.err?.code;
        lines.push({ level: parsed.level, msg: parsed.msg, code: String(code) });
      },
    },
  );
}

const events = accountEvents;
const produce = (topic: string, batch: readonly Event[]) =>
  produceAccountEvents(fx.kafka, topic, batch);

interface Run {
  consumer: OrderedConsumer;
  committed: string[];
  lines: LogLine[];
}

async function startConsumer(input: string, output: string): Promise<Run> {
  const lines: LogLine[] = [];
  const logger = capturingLogger(lines);
  const { consumer, committed } = startAccountPassThrough({
    kafka: fx.kafka,
    input,
    output,
    groupId: uniqueName('group'),
    transactionalIdPrefix: uniqueName('tx'),
    logger,
    stallMs: STALL_MS,
    reshape: (outputs) =>
      new Map(
        [...outputs].map(([unit, batches]) => [
          unit,
          batches.map((b) => ({
            topic: b.topic,
            schema: padded,
            messages: b.messages.map((m) => ({ key: m.key, value: { ...m.value, pad: PAD } })),
          })),
        ]),
      ),
  });
  consumers.push(consumer);
  await consumer.start();
  await produce(input, events(0, 4));
  await waitFor(() => (committed.length >= 4 ? true : undefined), {
    timeoutMs: 30_000,
    what: 'first events committed',
  });
  return { consumer, committed, lines };
}

async function refuseUntilStalled(run: Run, input: string, output: string, bytes: number) {
  await fx.setMaxMessageBytes(output, bytes);
  await produce(input, events(100, 4));
  await waitFor(async () => ((await run.consumer.health()).ok ? undefined : true), {
    timeoutMs: 30_000,
    what: 'stall reported while the broker refuses every publish',
  });
  expect(run.committed).toHaveLength(4);
}

async function stopsPromptly(consumer: OrderedConsumer) {
  const stopping = Date.now();
  consumers.splice(consumers.indexOf(consumer), 1);
  await consumer.stop();
  expect(Date.now() - stopping).toBeLessThan(STOP_BOUND_MS);
}

/** The publisher's error naming the cause, then the consumer's warning that units wait. */
const ONCE = [50, 40];
const logged = (run: Run, code: string) =>
  run.lines.filter((l) => l.code === code && l.level >= 40);

describe('ordered consumer, outputs refused by the broker (real broker)', () => {
  it('resumes once the output topic config is fixed, and stops promptly', async () => {
    const input = await fx.createTopic('in', 2);
    const output = await fx.createTopic('out', 2);
    const run = await startConsumer(input, output);
    await refuseUntilStalled(run, input, output, 512);
    // Retried many times by now: one line an operator acts on, not one per retry.
    expect(logged(run, 'OUTPUT_REFUSED').map((l) => l.level)).toEqual(ONCE);

    await fx.setMaxMessageBytes(output, undefined);
    await waitFor(() => (run.committed.length >= 8 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'commits resumed once max.message.bytes was raised again',
    });
    expect((await run.consumer.health()).ok).toBe(true);
    expect(run.lines.some((l) => l.msg.includes('commit again'))).toBe(true);
    await stopsPromptly(run.consumer);
  }, 90_000);

  it('under a limit below a control batch: says the coordinator keeps refusing, once, reports the stall and stops promptly', async () => {
    const input = await fx.createTopic('in', 2);
    const output = await fx.createTopic('out', 2);
    const run = await startConsumer(input, output);
    await refuseUntilStalled(run, input, output, 16);
    await fx.setMaxMessageBytes(output, undefined);
    await waitFor(() => (logged(run, 'COORDINATOR_BUSY').length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the wedged coordinator reported',
    });
    // Several retries later still one line per episode.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(logged(run, 'OUTPUT_REFUSED').map((l) => l.level)).toEqual(ONCE);
    // A warning from the publisher and one from the consumer: after a broker restart the same
    // refusals heal by themselves; a persisting one shows as the stall (readiness).
    expect(logged(run, 'COORDINATOR_BUSY').map((l) => l.level)).toEqual([40, 40]);
    expect((await run.consumer.health()).ok).toBe(false);
    expect(run.committed).toHaveLength(4);
    await stopsPromptly(run.consumer);
  }, 120_000);
});
