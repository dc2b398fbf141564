import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@vigil/observability';
import { deadLetterWriter } from './dead-letter-writer.ts';
import type { EventProducer } from './event-producer.ts';
import { consumerMetrics } from './metrics.ts';

// Only sendRaw is used by the writer; the rest would be a programming error here.
function recordingProducer(sent: unknown[]): EventProducer {
  const unused = () => Promise.reject(new Error('not used by the dead-letter writer'));
  return {
    connect: unused,
    disconnect: unused,
    send: unused,
    publish: unused,
    publishBatch: unused,
    sendRaw: (batch) => {
      sent.push(...batch);
      return Promise.resolve();
    },
  };
}

describe('deadLetterWriter', () => {
  it('logs why a record was dead-lettered, cut to a few hundred characters', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const registry = new Registry();
    const sent: unknown[] = [];
    const write = deadLetterWriter(
      recordingProducer(sent),
      consumerMetrics(registry),
      createLogger({ service: 't', destination }),
    );
    const raw = {
      topic: 'risk.decisions.v1',
      partition: 3,
      offset: '17',
      key: Buffer.from('acc-1'),
      value: Buffer.from('{}'),
      headers: {},
      timestamp: '0',
    };
    await write([
      { raw, reason: { code: 'RECORD_SCHEMA_INVALID', message: 'schemaVersion: expected 1' } },
      { raw, reason: { code: 'RECORD_SCHEMA_INVALID', message: 'x'.repeat(5_000) } },
    ]);

    expect(sent).toHaveLength(2);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged[0]).toMatchObject({
      msg: 'record dead-lettered',
      topic: 'risk.decisions.v1',
      partition: 3,
      offset: '17',
      code: 'RECORD_SCHEMA_INVALID',
      reason: 'schemaVersion: expected 1',
    });
    expect(logged[1]?.reason).toBe('x'.repeat(300));
    const counted = await registry.getSingleMetricAsString('vigil_kafka_dead_letters_total');
    expect(counted).toContain('{topic="risk.decisions.v1",code="RECORD_SCHEMA_INVALID"} 2');
  });
});
