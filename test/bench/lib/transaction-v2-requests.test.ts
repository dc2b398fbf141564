import { describe, expect, it } from 'vitest';
import {
  endTxnV5,
  endTxnV5Response,
  produceV12,
  produceV12Response,
} from './transaction-v2-requests.ts';

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

describe('EndTxn v5 (flexible)', () => {
  it('encodes the header tags, the compact transactional id, id, epoch, result and the body tags', async () => {
    const request = endTxnV5(identity, true);
    expect(request).toMatchObject({ apiKey: 26, apiVersion: 5 });
    const encoded = (await request.encode()) as unknown as { buffer: Buffer };
    expect(encoded.buffer).toEqual(
      Buffer.concat([NO_TAGS, compact('tid'), int64(42n), int16(7), Buffer.from([1]), NO_TAGS]),
    );
  });

  it('reads the error code and the producer id and epoch the next transaction must use', async () => {
    const raw = Buffer.concat([NO_TAGS, int32(0), int16(0), int64(42n), int16(8), NO_TAGS]);
    expect(await endTxnV5Response.decode(raw)).toEqual({
      errorCode: 0,
      producerId: '42',
      producerEpoch: 8,
    });
  });
});

describe('Produce v12 (flexible)', () => {
  it('is acks-all Produce v12 of the transactional id', async () => {
    const request = produceV12(identity, 'out', [
      { partition: 3, firstSequence: 0, messages: [{ key: 'k', value: Buffer.from('v') }] },
    ]);
    expect(request).toMatchObject({ apiKey: 0, apiVersion: 12 });
    const { buffer } = (await request.encode()) as unknown as { buffer: Buffer };
    const head = Buffer.concat([NO_TAGS, compact('tid'), int16(-1), int32(30_000)]);
    expect(buffer.subarray(0, head.length)).toEqual(head);
    // One topic ("out"), one partition (3), then its records.
    const topic = Buffer.concat([Buffer.from([2]), compact('out'), Buffer.from([2]), int32(3)]);
    expect(buffer.subarray(head.length, head.length + topic.length)).toEqual(topic);
  });

  it('reads each partition’s error code and message', async () => {
    const partition = Buffer.concat([
      int32(3),
      int16(48),
      int64(-1n),
      int64(-1n),
      int64(0n),
      Buffer.from([1]), // no record errors
      compact('invalid txn state'),
      NO_TAGS,
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
    expect(await produceV12Response.decode(raw)).toEqual([
      { partition: 3, errorCode: 48, errorMessage: 'invalid txn state' },
    ]);
  });
});
