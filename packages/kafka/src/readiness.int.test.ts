import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { isVigilError } from '@vigil/errors';
import { transactionEvent } from '@vigil/events';
import { uniqueName } from '@vigil/testing';
import { createConsumerRunner } from './consumer-runner.ts';
import { silentLogger } from './int-harness.ts';
import { createKafkaClient } from './kafka-client.ts';

describe('consumer runner readiness', () => {
  it('is not ready and start() fails retryably when the broker is unreachable', async () => {
    // A real closed port (nothing listens on 1), not a mock: the client sees what an outage looks like.
    const kafka = createKafkaClient({
      clientId: uniqueName('unreachable'),
      brokers: ['127.0.0.1:1'],
      logger: silentLogger,
      connectionTimeoutMs: 500,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
    });
    const registry = new Registry();
    const runner = createConsumerRunner({
      kafka,
      groupId: uniqueName('group'),
      subscriptions: [{ topic: uniqueName('topic'), schema: transactionEvent }],
      handler: () => Promise.resolve(),
      logger: silentLogger,
      registry,
    });
    const error: unknown = await runner.start().catch((e: unknown) => e);
    expect(isVigilError(error) && error.retryable).toBe(true);
    expect(await runner.isReady()).toBe(false);
    const up = await registry.getSingleMetric('vigil_kafka_consumer_up')?.get();
    expect(up?.values.map((v) => v.value)).toEqual([0]);
    await runner.stop();
  });
});
