import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The two requests of Kafka's transaction protocol v2 (KIP-890 part 2) that kafkajs 2.2.4 does
// not know, added by patches/kafkajs@2.2.4.patch: Produce v12 (the partition leader adds the
// partition to the transaction, no AddPartitionsToTxn) and EndTxn v5 (the coordinator bumps the
// epoch at every end and returns it). Both are flexible versions: compact strings and arrays,
// tagged fields, and the request header's empty tagged fields at the start of the body. The
// transactional-publisher-protocol integration test runs them against the broker; these pin the
// bytes, including a response's tagged field, which kafkajs's own reader would misread.

interface EncodedRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
const load = createRequire(import.meta.url);
const produceV12 = load('kafkajs/src/protocol/requests/produce/v12/request') as (
  args: object,
) => EncodedRequest;
const produceV12Response = load('kafkajs/src/protocol/requests/produce/v12/response') as {
  decode(raw: Buffer): Promise<unknown>;
};
const endTxnV5 = load('kafkajs/src/protocol/requests/endTxn/v5/request') as (
  args: object,
) => EncodedRequest;
const endTxnV5Response = load('kafkajs/src/protocol/requests/endTxn/v5/response') as {
  decode(raw: Buffer): Promise<unknown>;
};

const identity = { transactionalId: 'tid', producerId: '42', producerEpoch: 7 };
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};
// Compact strings and arrays carry their length + 1 as an unsigned varint; 0 ends tagged fields.
const compact = (s: string) => Buffer.concat([Buffer.from([s.length + 1]), Buffer.from(s)]);
const NO_TAGS = Buffer.from([0]);
/** One tagged field (tag 0) of three bytes, as a broker may add to any flexible structure. */
const ONE_TAG = Buffer.from([1, 0, 3, 0xaa, 0xbb, 0xcc]);

describe('EndTxn v5 (kafkajs patch)', () => {
  it('encodes the header tags, the compact transactional id, id, epoch, result and the body tags', async () => {
    const request = endTxnV5({ ...identity, transactionResult: true });
    expect(request).toMatchObject({ apiKey: 26, apiVersion: 5 });
    const { buffer } = await request.encode();
    expect(buffer).toEqual(
      Buffer.concat([NO_TAGS, compact('tid'), int64(42n), int16(7), Buffer.from([1]), NO_TAGS]),
    );
  });

  it('reads the error code and the producer id and epoch the next transaction must use', async () => {
    const raw = Buffer.concat([ONE_TAG, int32(0), int16(0), int64(42n), int16(8), ONE_TAG]);
    expect(await endTxnV5Response.decode(raw)).toMatchObject({
      errorCode: 0,
      producerId: '42',
      producerEpoch: 8,
    });
  });
});

describe('Produce v12 (kafkajs patch)', () => {
  it('is Produce v12 of the transactional id, acks and timeout as given', async () => {
    const request = produceV12({
      ...identity,
      acks: -1,
      timeout: 30_000,
      compression: 0,
      topicData: [
        {
          topic: 'out',
          partitions: [
            { partition: 3, firstSequence: 0, messages: [{ key: 'k', value: Buffer.from('v') }] },
          ],
        },
      ],
    });
    expect(request).toMatchObject({ apiKey: 0, apiVersion: 12 });
    const { buffer } = await request.encode();
    const head = Buffer.concat([NO_TAGS, compact('tid'), int16(-1), int32(30_000)]);
    expect(buffer.subarray(0, head.length)).toEqual(head);
    // One topic ("out"), one partition (3), then its records.
    const topic = Buffer.concat([Buffer.from([2]), compact('out'), Buffer.from([2]), int32(3)]);
    expect(buffer.subarray(head.length, head.length + topic.length)).toEqual(topic);
  });

  it('reads each partition’s error code past tagged fields of any size', async () => {
    const partition = Buffer.concat([
      int32(3),
      int16(48),
      int64(-1n),
      int64(-1n),
      int64(0n),
      Buffer.from([1]), // no record errors
      compact('invalid txn state'),
      ONE_TAG,
    ]);
    const raw = Buffer.concat([
      NO_TAGS,
      Buffer.from([2]),
      compact('out'),
      Buffer.from([2]),
      partition,
      NO_TAGS,
      int32(0),
      NO_TAGS,
    ]);
    expect(await produceV12Response.decode(raw)).toMatchObject({
      topics: [{ topicName: 'out', partitions: [{ partition: 3, errorCode: 48 }] }],
    });
  });
});
