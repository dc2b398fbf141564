import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// kafkajs filters read_committed fetches client-side with the aborted-transaction list the broker
// sends. As shipped it activated one aborted transaction per record, so when two producers'
// aborted transactions had both begun before a fetch's first record (a killed engine's units, each
// its own transactional id, writing the same decisions partition), the second one's records came
// through: consumers saw a decision that was never committed. patches/kafkajs@2.2.4.patch fixes it.
type Message = {
  offset: string;
  key: Buffer | null;
  batchContext: { producerId: string; inTransaction: boolean };
};
const filterAbortedMessages = createRequire(import.meta.url)(
  'kafkajs/src/consumer/filterAbortedMessages',
) as (input: {
  messages: Message[];
  abortedTransactions: { producerId: string; firstOffset: string }[];
}) => Message[];

const ABORT_MARKER = Buffer.from([0, 0, 0, 0]);
const record = (offset: number, producerId: string): Message => ({
  offset: String(offset),
  key: Buffer.from(`k${offset}`),
  batchContext: { producerId, inTransaction: true },
});
const abortMarker = (offset: number, producerId: string): Message => ({
  ...record(offset, producerId),
  key: ABORT_MARKER,
});

describe('kafkajs read_committed filtering (patched)', () => {
  it('drops the records of every aborted transaction that began before the fetch, not only the first', () => {
    const kept = filterAbortedMessages({
      messages: [
        record(100, 'B'),
        record(101, 'A'),
        record(102, 'C'),
        record(103, 'B'),
        abortMarker(104, 'A'),
        abortMarker(105, 'B'),
        record(106, 'A'),
      ],
      // Listed out of order on purpose: the filter must not depend on it.
      abortedTransactions: [
        { producerId: 'B', firstOffset: '95' },
        { producerId: 'A', firstOffset: '90' },
      ],
    });
    expect(kept.filter((m) => m.key !== ABORT_MARKER).map((m) => Number(m.offset))).toEqual([
      102, 106,
    ]);
  });
});
