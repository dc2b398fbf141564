import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from './consumed-record.ts';
import { EventTimeMerge, type BufferedRecord } from './event-time-merge.ts';

const TOPICS = ['tx', 'logins', 'changes'] as const;
type Topic = (typeof TOPICS)[number];

function merge(options: Partial<{ idleMs: number; lagWaitMs: number; max: number }> = {}) {
  const m = new EventTimeMerge<string>({
    topics: TOPICS,
    idleMs: options.idleMs ?? 0,
    lagWaitMs: options.lagWaitMs ?? 10_000,
    maxBufferedPerInput: options.max ?? 100,
  });
  return m;
}

function rec(
  topic: Topic,
  partition: number,
  offset: number,
  eventTime: number,
  bufferedAt = 0,
  fetchedAt = 0,
): BufferedRecord<string> {
  const record: ConsumedRecord<string> = {
    topic,
    partition,
    offset: String(offset),
    key: 'acct',
    value: `${topic}@${eventTime}`,
    headers: {},
    timestamp: String(eventTime),
  };
  const raw = { ...record, key: Buffer.from('acct'), value: Buffer.from(record.value) };
  return { record, raw, eventTime, bufferedAt, fetchedAt };
}

/**
 * A fetch response for every input of the unit: topics named in `ends` hold records up to that
 * offset (delivered with `add`), the others are empty partitions at offset 0. Sent at 1 on the
 * fetch clock: after the records of these tests arrived (fetchedAt 0) unless a test says so.
 */
function caughtUp(
  m: EventTimeMerge<string>,
  unit: number,
  ends: Partial<Record<Topic, number>> = {},
  sentAt = 1,
) {
  for (const topic of TOPICS) {
    const end = ends[topic];
    if (end === undefined) m.fetched(topic, unit, { end: 0n, emptyNext: 0n, sentAt });
    else m.fetched(topic, unit, { end: BigInt(end), sentAt });
  }
}

const values = (batch: { records: BufferedRecord<string>[] }) =>
  batch.records.map((r) => r.record.value);

describe('EventTimeMerge', () => {
  it('hands out records of all topics in event-time order, whatever order they were fetched in', () => {
    const m = merge();
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 3, logins: 2, changes: 1 });
    m.add('tx', 0, [rec('tx', 0, 0, 30), rec('tx', 0, 1, 50), rec('tx', 0, 2, 70)], 3n);
    m.add('logins', 0, [rec('logins', 0, 0, 20), rec('logins', 0, 1, 60)], 2n);
    m.add('changes', 0, [rec('changes', 0, 0, 10)], 1n);
    expect(values(m.take(1, 100))).toEqual([
      'changes@10',
      'logins@20',
      'tx@30',
      'tx@50',
      'logins@60',
      'tx@70',
    ]);
  });

  it('waits for an input known to have unread records, and forces past it after the lag bound', () => {
    const m = merge({ lagWaitMs: 1_000 });
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 1 });
    m.fetched('logins', 0, { end: 5n, sentAt: 1 }); // five login records exist, none fetched yet
    m.add('tx', 0, [rec('tx', 0, 0, 100)], 1n);
    const held = m.take(10, 100);
    expect(held.records).toEqual([]);
    expect(held.held).toBe('lagging');
    expect(held.waitUntil).toBe(1_010);
    // The logins arrive: the earlier one goes first.
    m.add('logins', 0, [rec('logins', 0, 4, 90)], 5n);
    expect(values(m.take(20, 100))).toEqual(['logins@90', 'tx@100']);
    // Another stall: past the bound the merge moves on and says which input it gave up on.
    m.commit(0, [
      { topic: 'tx', partition: 0, nextOffset: '1' },
      { topic: 'logins', partition: 0, nextOffset: '5' },
    ]);
    m.fetched('logins', 0, { end: 9n, sentAt: 1 });
    m.add('tx', 0, [rec('tx', 0, 1, 200)], 2n);
    expect(m.take(30, 100).records).toEqual([]);
    const forced = m.take(1_031, 100);
    expect(values(forced)).toEqual(['tx@200']);
    expect(forced.forced).toEqual([{ topic: 'logins', partition: 0, reason: 'lagging' }]);
  });

  it('holds a record idleMs after it was buffered while another input is caught up but empty', () => {
    const m = merge({ idleMs: 25 });
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 1 });
    m.add('tx', 0, [rec('tx', 0, 0, 100, 1_000)], 1n);
    const held = m.take(1_010, 100);
    expect(held.records).toEqual([]);
    expect(held).toMatchObject({ held: 'idle', waitUntil: 1_025 });
    expect(values(m.take(1_025, 100))).toEqual(['tx@100']);
  });

  it('trusts an empty input as caught up only from a fetch sent after the record arrived', () => {
    // One fetch, sent at 10 and back at 12, reads the tx partition after a payment landed and
    // the logins partition just before that account's earlier login landed there.
    const m = merge({ lagWaitMs: 1_000 });
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 1 }, 10);
    m.add('tx', 0, [rec('tx', 0, 0, 100, 500, 12)], 1n);
    expect(m.awaitsLaterFetch()).toBe(true);
    const held = m.take(505, 100);
    expect(held).toMatchObject({ records: [], held: 'unconfirmed', waitUntil: 1_505 });
    // A fetch sent at 12 left with the response: it may have been sent before the record's
    // fetch was read, so it still proves nothing.
    m.fetched('logins', 0, { end: 0n, emptyNext: 0n, sentAt: 12 });
    expect(m.take(506, 100).held).toBe('unconfirmed');
    // The next fetch (sent at 13) finds the login; the one after it, nothing more: the login
    // goes first.
    caughtUp(m, 0, { tx: 1, logins: 1 }, 13);
    m.add('logins', 0, [rec('logins', 0, 0, 90, 507, 14)], 1n);
    expect(m.take(507, 100).held).toBe('unconfirmed');
    caughtUp(m, 0, { tx: 1, logins: 1 }, 15);
    expect(m.awaitsLaterFetch()).toBe(false);
    expect(values(m.take(508, 100))).toEqual(['logins@90', 'tx@100']);
  });

  it('takes the record once a later fetch shows the other inputs still empty', () => {
    const m = merge();
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 1 }, 10);
    m.add('tx', 0, [rec('tx', 0, 0, 100, 500, 12)], 1n);
    caughtUp(m, 0, { tx: 1 }, 13);
    expect(m.awaitsLaterFetch()).toBe(false);
    expect(values(m.take(501, 100))).toEqual(['tx@100']);
  });

  it('moves past an input that stays unconfirmed (no fetch returns) after the lag bound', () => {
    const m = merge({ lagWaitMs: 1_000 });
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 1 }, 10);
    m.add('tx', 0, [rec('tx', 0, 0, 100, 500, 12)], 1n);
    expect(m.take(500, 100).records).toEqual([]);
    const forced = m.take(1_500, 100);
    expect(values(forced)).toEqual(['tx@100']);
    expect(forced.forced).toEqual([
      { topic: 'logins', partition: 0, reason: 'unconfirmed' },
      { topic: 'changes', partition: 0, reason: 'unconfirmed' },
    ]);
  });

  it('asks for a short fetch only while a record not yet handed out waits for one', () => {
    const m = merge();
    m.assign([0], 0);
    expect(m.awaitsLaterFetch()).toBe(false); // nothing buffered
    caughtUp(m, 0, { tx: 2 }, 10);
    m.add('tx', 0, [rec('tx', 0, 0, 100, 0, 12), rec('tx', 0, 1, 110, 0, 12)], 2n);
    expect(m.awaitsLaterFetch()).toBe(true);
    caughtUp(m, 0, { tx: 2 }, 13);
    m.take(0, 100); // both handed out: in flight, nothing left waiting
    caughtUp(m, 0, { tx: 2 }, 10);
    expect(m.awaitsLaterFetch()).toBe(false);
    // A lagging input does not ask: its next fetch returns at once with its records.
    m.fetched('logins', 0, { end: 3n, sentAt: 14 });
    m.add('tx', 0, [rec('tx', 0, 2, 120, 0, 15)], 3n);
    m.fetched('changes', 0, { end: 0n, emptyNext: 0n, sentAt: 16 });
    m.fetched('tx', 0, { end: 3n, sentAt: 16 });
    expect(m.awaitsLaterFetch()).toBe(false);
  });

  it('does not wait when every input has a buffered record', () => {
    const m = merge({ idleMs: 60_000 });
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 1, logins: 2, changes: 1 });
    m.add('tx', 0, [rec('tx', 0, 0, 3)], 1n);
    m.add('logins', 0, [rec('logins', 0, 0, 1), rec('logins', 0, 1, 4)], 2n);
    m.add('changes', 0, [rec('changes', 0, 0, 2)], 1n);
    // Until an input runs dry: then the next record (tx@3, behind the now empty changes input)
    // waits its idle time, as an earlier change could still be on its way.
    const batch = m.take(0, 100);
    expect(values(batch)).toEqual(['logins@1', 'changes@2']);
    expect(batch).toMatchObject({ held: 'idle', waitUntil: 60_000 });
  });

  it('treats an input it has never fetched as unknown, not as caught up', () => {
    const m = merge({ lagWaitMs: 500 });
    m.assign([0], 100);
    m.fetched('tx', 0, { end: 1n, sentAt: 1 });
    m.fetched('changes', 0, { end: 0n, emptyNext: 0n, sentAt: 1 });
    m.add('tx', 0, [rec('tx', 0, 0, 5)], 1n);
    expect(m.take(200, 100)).toMatchObject({ records: [], held: 'unknown' });
    expect(values(m.take(700, 100))).toEqual(['tx@5']);
  });

  it('merges across units too, and reports each unit’s positions for its transaction', () => {
    const m = merge();
    m.assign([0, 1], 0);
    caughtUp(m, 0, { tx: 8 });
    caughtUp(m, 1, { logins: 4, changes: 2 });
    m.add('tx', 0, [rec('tx', 0, 7, 40)], 8n);
    m.add('logins', 1, [rec('logins', 1, 3, 30)], 4n);
    m.add('changes', 1, [rec('changes', 1, 1, 50)], 2n);
    const batch = m.take(0, 2);
    expect(values(batch)).toEqual(['logins@30', 'tx@40']);
    expect(batch.units).toEqual([0, 1]);
    expect(batch.positions.get(0)).toEqual([
      { topic: 'tx', partition: 0, nextOffset: '8' },
      { topic: 'logins', partition: 0, nextOffset: '0' },
      { topic: 'changes', partition: 0, nextOffset: '0' },
    ]);
    // The change (offset 1) was not taken: unit 1 commits up to it, not past it.
    expect(batch.positions.get(1)).toEqual([
      { topic: 'tx', partition: 1, nextOffset: '0' },
      { topic: 'logins', partition: 1, nextOffset: '4' },
      { topic: 'changes', partition: 1, nextOffset: '1' },
    ]);
  });

  it('breaks event-time ties by topic order, then partition and offset: the same order every time', () => {
    const m = merge();
    m.assign([0, 1], 0);
    caughtUp(m, 0, { tx: 1, changes: 1 });
    caughtUp(m, 1, { logins: 1 });
    m.add('changes', 0, [rec('changes', 0, 0, 7)], 1n);
    m.add('logins', 1, [rec('logins', 1, 0, 7)], 1n);
    m.add('tx', 0, [rec('tx', 0, 0, 7)], 1n);
    expect(values(m.take(0, 10))).toEqual(['tx@7', 'logins@7', 'changes@7']);
  });

  it('keeps records until their unit commits, and drops refetched ones below the committed offset', () => {
    const m = merge();
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 2 });
    m.add('tx', 0, [rec('tx', 0, 0, 1), rec('tx', 0, 1, 2)], 2n);
    const first = m.take(0, 1);
    expect(values(first)).toEqual(['tx@1']);
    // In flight: the next batch goes on after it; its positions assume the first one commits.
    const second = m.take(0, 1);
    expect(values(second)).toEqual(['tx@2']);
    expect(second.positions.get(0)).toContainEqual({ topic: 'tx', partition: 0, nextOffset: '2' });
    // The first batch's transaction failed: both are handed out again, in order.
    m.release([0]);
    expect(values(m.take(0, 1))).toEqual(['tx@1']);
    m.commit(0, first.positions.get(0)!);
    expect(values(m.take(0, 5))).toEqual(['tx@2']);
    // A rebalance keeps the unit: buffers start over, the consumer refetches from an older offset.
    m.assign([0], 10);
    caughtUp(m, 0, { tx: 2 });
    m.add('tx', 0, [rec('tx', 0, 0, 1), rec('tx', 0, 1, 2)], 2n);
    expect(values(m.take(10, 5))).toEqual(['tx@2']);
  });

  it('commits positions past dead letters and markers for a unit with nothing buffered', () => {
    const m = merge();
    m.assign([0], 0);
    caughtUp(m, 0);
    expect(m.idlePositions(0)).toBeUndefined();
    m.fetched('changes', 0, { end: 3n, emptyNext: 3n, sentAt: 1 }); // three records, all dead-lettered or markers
    expect(m.idlePositions(0)).toEqual([
      { topic: 'tx', partition: 0, nextOffset: '0' },
      { topic: 'logins', partition: 0, nextOffset: '0' },
      { topic: 'changes', partition: 0, nextOffset: '3' },
    ]);
    m.commit(0, m.idlePositions(0)!);
    expect(m.idlePositions(0)).toBeUndefined();
  });

  it('pauses an input whose buffer is full and resumes it once drained to half', () => {
    const m = merge({ max: 4 });
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 4 });
    m.add(
      'tx',
      0,
      [0, 1, 2, 3].map((i) => rec('tx', 0, i, i)),
      4n,
    );
    expect(m.flowControl().pause).toEqual([{ topic: 'tx', partition: 0, nextOffset: '' }]);
    expect(m.flowControl()).toEqual({ pause: [], resume: [] });
    const batch = m.take(0, 2);
    m.commit(0, batch.positions.get(0)!);
    expect(m.buffered()).toBe(2);
    expect(values(m.take(0, 5))).toEqual(['tx@2', 'tx@3']);
    expect(m.flowControl().resume).toEqual([{ topic: 'tx', partition: 0, nextOffset: '' }]);
  });

  it('removes a dead-lettered record and reports lag against the committed offsets', () => {
    const m = merge();
    m.assign([0], 0);
    caughtUp(m, 0, { tx: 3 });
    m.add('tx', 0, [rec('tx', 0, 0, 1), rec('tx', 0, 1, 2), rec('tx', 0, 2, 3)], 3n);
    const size = (value: string) => Buffer.byteLength(value);
    expect(m.bufferedBytes()).toBe(size('tx@1') + size('tx@2') + size('tx@3'));
    m.remove(rec('tx', 0, 1, 2).record);
    expect(m.bufferedBytes()).toBe(size('tx@1') + size('tx@3'));
    const batch = m.take(0, 10);
    expect(values(batch)).toEqual(['tx@1', 'tx@3']);
    m.commit(0, [{ topic: 'tx', partition: 0, nextOffset: '1' }]);
    expect(m.bufferedBytes()).toBe(size('tx@3'));
    m.committedFromBroker('tx', 0, 1n);
    expect(m.lag()).toContainEqual({ topic: 'tx', partition: 0, lag: 2 });
    expect(m.buffered()).toBe(1);
  });
});
