// Pass-through throughput of the consumer runner on the local broker (decode + zod + commit,
// no-op handler). Run: pnpm --filter @vigil/kafka exec tsx scripts/bench-runner.ts [records]
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { transactionEvent, type TransactionEvent } from '@vigil/events';
import { createKafkaFixture, waitFor } from '@vigil/testing';
import { createConsumerRunner } from '../src/consumer-runner.ts';
import { createEventProducer } from '../src/event-producer.ts';

const total = Number(process.argv[2] ?? 50_000);
const logger = pino({ level: 'warn' });
const fixture = await createKafkaFixture(['bench.transactions'], { partitions: 3, withDlq: true });
const topic = fixture.topics['bench.transactions']!;
const registry = new Registry();
try {
  const producer = createEventProducer({ kafka: fixture.kafka, registry, logger });
  await producer.connect();
  const produceStart = performance.now();
  for (let i = 0; i < total; i += 1_000) {
    const values = Array.from({ length: Math.min(1_000, total - i) }, (_, j) => ({
      value: {
        schemaVersion: 1 as const,
        eventId: `evt-${i + j}`,
        occurredAt: new Date().toISOString(),
        accountId: `acc-${(i + j) % 997}`,
        transactionId: `tx-${i + j}`,
        type: 'payment' as const,
        status: 'approved' as const,
        amount: { minor: 1_000 + j, currency: 'JPY' },
        channel: 'app' as const,
      },
    }));
    await producer.send(topic, transactionEvent, values);
  }
  const produceSeconds = (performance.now() - produceStart) / 1_000;
  await producer.disconnect();
  console.log(
    `produced ${total} in ${produceSeconds.toFixed(2)}s = ${Math.round(total / produceSeconds)}/s (idempotent, acks=all, batches of 1000)`,
  );

  let handled = 0;
  let firstAt = 0;
  const runner = createConsumerRunner<TransactionEvent>({
    kafka: fixture.kafka,
    groupId: fixture.groupId,
    subscriptions: [{ topic, schema: transactionEvent }],
    handler: (records) => {
      firstAt ||= performance.now();
      handled += records.length;
      return Promise.resolve();
    },
    logger,
    registry,
  });
  await runner.start();
  await waitFor(() => (handled >= total ? true : undefined), {
    timeoutMs: 300_000,
    intervalMs: 20,
  });
  const consumeSeconds = (performance.now() - firstAt) / 1_000;
  console.log(
    `consumed ${handled} in ${consumeSeconds.toFixed(2)}s = ${Math.round(handled / consumeSeconds)}/s (decode+zod+commit per slice)`,
  );
  await runner.stop();
} finally {
  await fixture.cleanup();
}
