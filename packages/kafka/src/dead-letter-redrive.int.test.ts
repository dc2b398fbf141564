import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVigilError } from '@vigil/errors';
import { createKafkaFixture, infraUrls, uniqueName, type KafkaFixture } from '@vigil/testing';
import { buildDeadLetter, DLQ_HEADERS } from './dead-letter.ts';
import { readDeadLetters, redriveDeadLetters } from './dead-letter-redrive.ts';
import { REDRIVEN_FROM_HEADER, type DeadLetterView } from './dead-letter-view.ts';

// Dead letters as the consumer runner writes them (buildDeadLetter), some by a transactional
// producer (its commit markers end the partition with no record), read and redriven on the real
// broker, the redriven records read back read_committed from the source topic.

const logger = pino({ level: 'silent' });
let f: KafkaFixture;
let source: string;
let dlq: string;

beforeAll(async () => {
  f = await createKafkaFixture(['payments.transactions.v1'], { partitions: 2, withDlq: true });
  source = f.topics['payments.transactions.v1']!;
  dlq = `${source}.dlq`;
});
afterAll(() => f?.cleanup());

/** A record of the source topic that failed, dead-lettered as the runner does. */
function letter(i: number, value: Buffer, failedAt = new Date('2026-12-03T10:00:00.000Z')) {
  return buildDeadLetter(
    {
      topic: source,
      partition: i % 2,
      offset: String(100 + i),
      key: Buffer.from(`acct-${i}`),
      value,
      headers: { traceparent: `00-trace-${i}` },
      timestamp: String(Date.now()),
    },
    { code: 'SCHEMA_INVALID', message: `amount.minor: expected int (record ${i})` },
    failedAt,
  );
}

async function deadLetter(records: ReturnType<typeof letter>[], transactional: boolean) {
  const producer = transactional
    ? f.kafka.producer({
        transactionalId: uniqueName('dlq-writer'),
        idempotent: true,
        maxInFlightRequests: 1,
      })
    : f.kafka.producer({ idempotent: true });
  await producer.connect();
  const messages = records.map((r) => ({
    ...r.message,
    partition: Number(r.message.key!.toString().split('-')[1]) % 2,
  }));
  if (transactional) {
    const transaction = await producer.transaction();
    await transaction.send({ topic: dlq, messages });
    await transaction.commit();
  } else await producer.send({ topic: dlq, messages });
  await producer.disconnect();
}

/** Everything on `topic` now, read_committed. */
async function readAll(topic: string, expected: number): Promise<KafkaMessage[]> {
  const consumer = f.kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => resolve(), 10_000);
    void consumer
      .run({
        eachMessage: ({ message }) => {
          got.push(message);
          if (got.length >= expected) {
            clearTimeout(timer);
            // A little longer: more than expected would be a duplicate.
            setTimeout(resolve, 1_000);
          }
          return Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return got;
}

async function listed(): Promise<{ letters: DeadLetterView[]; invalid: number }> {
  const letters: DeadLetterView[] = [];
  let invalid = 0;
  await readDeadLetters({
    kafka: f.kafka,
    topic: dlq,
    onLetter: (l) => letters.push(l),
    onInvalid: () => void (invalid += 1),
    idleMs: 1_500,
  });
  return { letters, invalid };
}

const redrive = (groupId: string, to?: string) =>
  redriveDeadLetters({ kafka: f.kafka, topic: dlq, groupId, to, logger, idleMs: 1_500 });

describe('dead-letter redrive (real broker)', () => {
  it('lists dead letters, puts each back on its source topic once per group, byte for byte', async () => {
    const binary = Buffer.from([0xff, 0x00, 0xfe]);
    await deadLetter([letter(0, Buffer.from('{"bad":0}')), letter(1, binary)], false);
    await deadLetter(
      [letter(2, Buffer.from('{"bad":2}')), letter(3, Buffer.from('{"bad":3}'))],
      true,
    );

    const { letters, invalid } = await listed();
    expect(invalid).toBe(0);
    expect(letters).toHaveLength(4);
    const one = letters.find((l) => l.key?.toString() === 'acct-1')!;
    expect(one).toMatchObject({
      errorCode: 'SCHEMA_INVALID',
      errorMessage: 'amount.minor: expected int (record 1)',
      sourceTopic: source,
      sourcePartition: 1,
      sourceOffset: '101',
      failedAt: '2026-12-03T10:00:00.000Z',
    });
    expect(one.value).toEqual(binary);
    expect(Object.keys(one.headers)).toEqual(['traceparent']);

    const groupId = uniqueName('redrive');
    const first = await redrive(groupId);
    expect(first.byTopic).toEqual(new Map([[source, 4]]));
    const again = await redrive(groupId);
    expect(again.byTopic.size).toBe(0);

    const back = await readAll(source, 4);
    expect(back).toHaveLength(4);
    const byKey = new Map(back.map((m) => [m.key!.toString(), m]));
    expect(byKey.get('acct-1')!.value).toEqual(binary);
    expect(byKey.get('acct-2')!.value!.toString()).toBe('{"bad":2}');
    const headers = byKey.get('acct-3')!.headers!;
    expect(headers.traceparent!.toString()).toBe('00-trace-3');
    expect(headers[REDRIVEN_FROM_HEADER]!.toString()).toMatch(new RegExp(`^${dlq}/1/\\d+$`));
    for (const name of Object.values(DLQ_HEADERS)) expect(headers[name]).toBeUndefined();

    // Later dead letters: the same group moves only those.
    await deadLetter([letter(4, Buffer.from('{"bad":4}'))], false);
    const later = await redrive(groupId);
    expect(later.byTopic).toEqual(new Map([[source, 1]]));
  });

  it('refuses a record that is not a dead letter unless told where to send it', async () => {
    const producer = f.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlq,
      messages: [{ key: 'acct-x', value: 'stray', partition: 0 }],
    });
    await producer.disconnect();
    const { invalid } = await listed();
    expect(invalid).toBe(1);

    const groupId = uniqueName('redrive-stray');
    const refused = await redrive(groupId).catch((error: unknown) => error);
    expect(isVigilError(refused) && refused.code).toBe('DLQ_RECORD_INVALID');

    const parking = await f.createTopic('parking', 1, false);
    const sent = await redrive(groupId, parking);
    // The partition the refused run stopped on is sent whole now; the other was committed then.
    const total = [...sent.byTopic.values()].reduce((a, b) => a + b, 0);
    expect(sent.byTopic.has(parking)).toBe(true);
    const parked = await readAll(parking, total);
    expect(parked.map((m) => m.value!.toString())).toContain('stray');
  });

  it('vigil-dlq list shows the most recent letters across partitions, oldest first', async () => {
    // Partition 0 gets the later failures of 12-04 but is read first: fetch order is not time.
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 10, minute));
    await deadLetter(
      [
        letter(10, Buffer.from('{}'), at(5)),
        letter(11, Buffer.from('{}'), at(1)),
        letter(12, Buffer.from('{}'), at(3)),
        letter(13, Buffer.from('{}'), at(4)),
      ],
      false,
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'cli', 'dlq-main.ts'),
        'list',
        dlq,
        '--limit',
        '3',
        '--json',
      ],
      {
        cwd: import.meta.dirname,
        env: { ...process.env, KAFKA_BROKERS: infraUrls().kafkaBrokers.join(',') },
      },
    );
    const shown = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; failedAt: string });
    expect(shown.map((l) => l.key)).toEqual(['acct-12', 'acct-13', 'acct-10']);
    expect(stderr).toMatch(/^\d+ dead letters in .* \(the 3 most recent shown\)/);
  });
});
