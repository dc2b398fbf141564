import type { Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createTransactionalPublisher } from './transactional-publisher.ts';

/**
 * A producer with kafkajs's transaction states as far as they matter here: an abort whose EndTxn
 * fails leaves it ABORTING, where beginning a transaction throws (eosManager's state machine).
 */
function fakeKafka(broker: { up: boolean }) {
  const created: { id: string; commits: number }[] = [];
  const kafka = {
    producer: ({ transactionalId }: { transactionalId: string }) => {
      const record = { id: transactionalId, commits: 0 };
      created.push(record);
      let state: 'READY' | 'TRANSACTING' | 'ABORTING' = 'READY';
      const down = () => new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
      let began = false;
      const producer = {
        connect: () => (broker.up ? Promise.resolve() : Promise.reject(down())),
        disconnect: () => Promise.resolve(),
        // kafkajs patch: known once the first transaction began.
        vigilTransactionProtocol: () => (began ? 2 : null),
        transaction: () => {
          began = true;
          if (state !== 'READY')
            return Promise.reject(
              new Error(
                `Transaction state exception: Cannot call "beginTransaction" in state "${state}"`,
              ),
            );
          state = 'TRANSACTING';
          return Promise.resolve({
            sendBatch: () => (broker.up ? Promise.resolve([]) : Promise.reject(down())),
            sendOffsets: () => (broker.up ? Promise.resolve() : Promise.reject(down())),
            commit: () => {
              if (!broker.up) return Promise.reject(down());
              state = 'READY';
              record.commits += 1;
              return Promise.resolve();
            },
            abort: () => {
              state = 'ABORTING';
              if (!broker.up) return Promise.reject(down());
              state = 'READY';
              return Promise.resolve();
            },
          });
        },
      };
      return producer as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, created };
}

describe('transactional publisher', () => {
  it('replaces a producer whose abort never reached the broker, so the source publishes again', async () => {
    const broker = { up: true };
    const { kafka, created } = fakeKafka(broker);
    const publisher = createTransactionalPublisher({
      kafka,
      groupId: 'g',
      transactionalIdPrefix: 'engine',
      registry: new Registry(),
      logger: pino({ level: 'silent' }),
    });
    const positions = [{ topic: 't', partition: 0, nextOffset: '1' }];
    await publisher.prepare('slot-1', true);
    broker.up = false;
    await expect(publisher.publish('slot-1', positions, [])).rejects.toMatchObject({
      code: 'TRANSACTION_ABORTED',
    });
    broker.up = true;
    // The stuck producer is gone: a new one with the same transactional id takes over.
    await publisher.prepare('slot-1', false);
    await publisher.publish('slot-1', positions, []);
    expect(created.map(({ id, commits }) => [id, commits])).toEqual([
      ['engine-slot-1', 0],
      ['engine-slot-1', 1],
    ]);
    await publisher.close();
  });
});
