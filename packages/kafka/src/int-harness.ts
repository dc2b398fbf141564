// Shared setup for this package's *.int.test.ts files (real broker, unique topics and groups).
import type { Kafka, KafkaMessage, Message, RequestEvent } from 'kafkajs';
import { pino, type Logger } from 'pino';
import { z, type ZodType } from 'zod';
import { Registry } from 'prom-client';
import { expect } from 'vitest';
import { VigilError } from '@vigil/errors';
import type { TransactionEvent } from '@vigil/events';
import type { ConsumedRecord } from './consumed-record.ts';
import { createKafkaFixture, uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import {
  createConsumerRunner,
  type ConsumerRunner,
  type ConsumerRunnerSettings,
  type RunnerHandler,
} from './consumer-runner.ts';
import { createOrderedConsumer, type OrderedConsumer } from './ordered-consumer.ts';
import {
  createTransactionalPublisher,
  type OutputBatch,
  type TransactionalPublisher,
} from './transactional-publisher.ts';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * A debug-level logger that keeps every line, and how many lines said `msg` at a pino `level`
 * (20 debug, 30 info, 40 warn): for tests of what a failure episode logs.
 */
export function capturingLogger(): {
  logger: Logger;
  said: (level: number, msg: string) => number;
} {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) },
  );
  const said = (level: number, msg: string) =>
    lines.filter((l) => l.level === level && l.msg === msg).length;
  return { logger, said };
}

/**
 * A handler that fails `failures` times with a retryable error, then counts how often each event
 * went through: exactly once each is what a stalled-and-retried batch must end with.
 */
export function failingThenCounting(failures: number): {
  handle: (records: readonly ConsumedRecord<TransactionEvent>[]) => Promise<void>;
  expectEachOnce: (total: number) => void;
} {
  const effects = new Map<string, number>();
  let left = failures;
  return {
    handle: (records) => {
      if (left > 0) {
        left--;
        return Promise.reject(
          new VigilError('DEPENDENCY_UNAVAILABLE', 'dependency down', { retryable: true }),
        );
      }
      for (const r of records)
        effects.set(r.value.eventId, (effects.get(r.value.eventId) ?? 0) + 1);
      return Promise.resolve();
    },
    expectEachOnce: (total) => {
      expect(left).toBe(0);
      expect(effects.size).toBe(total);
      expect([...effects.values()].every((count) => count === 1)).toBe(true);
    },
  };
}

export function sampleTransaction(n: number, accountId = `acc-${n % 7}`): TransactionEvent {
  return {
    schemaVersion: 1,
    eventId: `evt-${n}`,
    occurredAt: '2026-11-24T07:00:00.000Z',
    accountId,
    transactionId: `tx-${n}`,
    type: 'payment',
    status: 'approved',
    amount: { minor: 1000 + n, currency: 'JPY' },
    channel: 'app',
  };
}

export async function produceRaw(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

export const jsonMessage = (event: { accountId: string }): Message => ({
  key: event.accountId,
  value: JSON.stringify(event),
});

/** Short group timings so joins, rebalances and takeovers happen in seconds, not half a minute. */
export const FAST_GROUP = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 8_000,
};

export function startRunner<T>(
  fixture: KafkaFixture,
  options: Pick<ConsumerRunnerSettings<T>, 'subscriptions'> &
    Partial<ConsumerRunnerSettings<T>> &
    RunnerHandler<T>,
): { runner: ConsumerRunner; registry: Registry; started: Promise<void> } {
  const registry = options.registry ?? new Registry();
  const runner = createConsumerRunner<T>({
    kafka: fixture.kafka,
    groupId: fixture.groupId,
    logger: silentLogger,
    registry,
    retry: { initialDelayMs: 50, maxDelayMs: 400 },
    ...FAST_GROUP,
    ...options,
  });
  return { runner, registry, started: runner.start() };
}

/** Reads `count` records of a topic from the beginning with a throwaway group. */
export async function readAll(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('reader'),
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 500,
  });
  // By partition and offset: a rejoin of this reader's own group hands it records again that it
  // had not committed yet; those are one record, while a record published twice has two offsets.
  const seen = new Map<string, KafkaMessage>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        seen.set(`${partition}/${message.offset}`, message);
        return Promise.resolve();
      },
    });
    await waitFor(() => (seen.size >= count ? true : undefined), {
      timeoutMs: 30_000,
      what: `${count} records on ${topic}`,
    });
    return [...seen.values()];
  } finally {
    await consumer.disconnect();
  }
}

/** Committed next-offset per partition for the fixture's group. */
export async function committedOffsets(
  fixture: KafkaFixture,
  topic: string,
): Promise<Map<number, number>> {
  const [result] = await fixture.admin.fetchOffsets({ groupId: fixture.groupId, topics: [topic] });
  return new Map((result?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}

/**
 * Waits until the group's committed offset of one partition is `expected`. An offset committed
 * inside a Kafka transaction becomes visible to OffsetFetch only once the group coordinator has
 * applied the commit marker, a moment after EndTxn returned.
 */
export async function waitForCommittedOffset(
  fixture: KafkaFixture,
  topic: string,
  partition: number,
  expected: number,
  timeoutMs = 10_000,
): Promise<void> {
  await waitFor(
    async () =>
      (await committedOffsets(fixture, topic)).get(partition) === expected ? true : undefined,
    { timeoutMs, what: `${topic}/${partition} committed at ${expected}` },
  );
}

/** Sum of the committed offsets equals the number of records: every partition fully committed. */
export async function waitForAllCommitted(
  fixture: KafkaFixture,
  topic: string,
  total: number,
): Promise<void> {
  await waitFor(
    async () => {
      const offsets = await committedOffsets(fixture, topic);
      const sum = [...offsets.values()].filter((o) => o > 0).reduce((a, b) => a + b, 0);
      return sum === total ? true : undefined;
    },
    { timeoutMs: 30_000, what: `all ${total} offsets committed on ${topic}` },
  );
}

export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Requests sent through a {@link countRequests} Kafka, by kafkajs `apiName` (FindCoordinator is 'GroupCoordinator'). */
export interface RequestCounts {
  /** Requests of every consumer the Kafka object created. */
  consumers: Map<string, number>;
  /** Requests of every transactional producer (a `transactionalId` was given) it created. */
  transactionalProducers: Map<string, number>;
}

/**
 * The fixture's Kafka, except that its consumers and transactional producers count their requests
 * (kafkajs REQUEST instrumentation events, emitted once per answered request). Pass it to code that
 * creates its own clients, e.g. the runner, to see which requests that code makes.
 */
export function countRequests(kafka: Kafka): { kafka: Kafka; counts: RequestCounts } {
  const counts: RequestCounts = { consumers: new Map(), transactionalProducers: new Map() };
  const into = (map: Map<string, number>) => (event: RequestEvent) => {
    map.set(event.payload.apiName, (map.get(event.payload.apiName) ?? 0) + 1);
  };
  const counting: Kafka = {
    consumer: (config) => {
      const consumer = kafka.consumer(config);
      consumer.on(consumer.events.REQUEST, into(counts.consumers));
      return consumer;
    },
    producer: (config) => {
      const producer = kafka.producer(config);
      if (config?.transactionalId !== undefined)
        producer.on(producer.events.REQUEST, into(counts.transactionalProducers));
      return producer;
    },
    admin: (config) => kafka.admin(config),
    logger: () => kafka.logger(),
  };
  return { kafka: counting, counts };
}

/**
 * Transactional publishers on the fixture's group, with a given id prefix; `closeAll` closes every
 * one it made (call it before the fixture's cleanup).
 */
export function publisherFactory(fixture: () => KafkaFixture): {
  publisher: (prefix: string) => TransactionalPublisher;
  closeAll: () => Promise<void>;
} {
  const open: TransactionalPublisher[] = [];
  return {
    publisher(prefix) {
      const fx = fixture();
      const created = createTransactionalPublisher({
        kafka: fx.kafka,
        groupId: fx.groupId,
        transactionalIdPrefix: prefix,
        registry: new Registry(),
        logger: silentLogger,
      });
      open.push(created);
      return created;
    },
    closeAll: async () => {
      await Promise.all(open.splice(0).map((p) => p.close()));
    },
  };
}

export { createKafkaFixture };

/** An ordered handler's outputs that pass each record on to `topic`, keyed by its account, per unit. */
export function passThroughOutputs<E extends { account: string }>(
  records: readonly { partition: number; value: E }[],
  topic: string,
  schema: ZodType<E>,
): Map<number, OutputBatch<E>[]> {
  const outputs = new Map<number, OutputBatch<E>[]>();
  for (const record of records) {
    const messages = outputs.get(record.partition)?.[0]?.messages ?? [];
    outputs.set(record.partition, [
      {
        topic,
        schema,
        messages: [...messages, { key: record.value.account, value: record.value }],
      },
    ]);
  }
  return outputs;
}

/** The ordered-consumer tests' input: an account's event, ordered by `at`. */
export const accountEvent = z.object({ id: z.string(), account: z.string(), at: z.number() });
export type AccountEvent = z.infer<typeof accountEvent>;

/** `count` events with ids e<from>… over four accounts, in event-time order. */
export const accountEvents = (from: number, count: number): AccountEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `e${String(from + i)}`,
    account: `acct-${String(i % 4)}`,
    at: 1_000_000 + from + i,
  }));

/** Writes `batch` to `topic`, keyed by account as the engine's producers key. */
export async function produceAccountEvents(
  kafka: Kafka,
  topic: string,
  batch: readonly AccountEvent[],
): Promise<void> {
  await produceRaw(
    kafka,
    topic,
    batch.map((e) => ({ key: e.account, value: JSON.stringify(e) })),
  );
}

/**
 * An ordered consumer of `accountEvent`s on `input` passing each record on to `output` in the
 * unit's transaction, with fast retries and group settings; `committed` gets the ids of the
 * records whose unit committed. `fail` (asked per batch) fails a batch with the error it returns;
 * `reshape` rewrites a batch's outputs before they are published.
 */
export function startAccountPassThrough(options: {
  kafka: Kafka;
  input: string;
  output: string;
  groupId: string;
  transactionalIdPrefix: string;
  logger: Logger;
  stallMs: number;
  fail?: () => Error | undefined;
  reshape?: (
    outputs: Map<number, OutputBatch<AccountEvent>[]>,
  ) => Map<number, OutputBatch<unknown>[]>;
}): { consumer: OrderedConsumer; committed: string[] } {
  const committed: string[] = [];
  const consumer = createOrderedConsumer<AccountEvent>({
    kafka: options.kafka,
    groupId: options.groupId,
    subscriptions: [{ topic: options.input, schema: accountEvent }],
    eventTime: (e) => e.at,
    handler: ({ records }) => {
      const failure = options.fail?.();
      if (failure) return Promise.reject(failure);
      const outputs = passThroughOutputs(records, options.output, accountEvent);
      return Promise.resolve({
        outputs: options.reshape ? options.reshape(outputs) : outputs,
        onCommitted: (units) => {
          for (const record of records)
            if (units.has(record.partition)) committed.push(record.value.id);
        },
      });
    },
    publisher: createTransactionalPublisher({
      kafka: options.kafka,
      groupId: options.groupId,
      transactionalIdPrefix: options.transactionalIdPrefix,
      registry: new Registry(),
      logger: options.logger,
    }),
    logger: options.logger,
    registry: new Registry(),
    idleMs: 0,
    retry: { initialDelayMs: 50, maxDelayMs: 400 },
    maxWaitTimeMs: 200,
    stallMs: options.stallMs,
    ...FAST_GROUP,
  });
  return { consumer, committed };
}
