import { describe, expect, it } from 'vitest';
import type { FeatureBatchItem, FeatureOp } from './feature-request.ts';
import type { LastEventRecord } from './feature-spec.ts';
import { InMemoryFeatureStore } from './in-memory-feature-store.ts';

const item: FeatureBatchItem = {
  eventId: 'evt-1',
  accountId: 'acct-1',
  at: 1_000,
  origin: 'logins/0/7',
  plan: 'rules-a',
  requests: [
    {
      id: 'seen:{acct-1}:device',
      op: { kind: 'seen_before', member: 'd-1', record: true, retentionMs: 10_000, maxMembers: 5 },
    },
  ],
};

let sequence = 0;
/** One event asking for one feature (id `f`) at `at`. */
function one(op: FeatureOp, at: number, extra: Partial<FeatureBatchItem> = {}): FeatureBatchItem {
  sequence += 1;
  return {
    eventId: `e-${sequence}`,
    accountId: 'acct-1',
    at,
    requests: [{ id: 'f', op }],
    ...extra,
  };
}

async function valuesOf(store: InMemoryFeatureStore, items: FeatureBatchItem[]) {
  const results = await store.computeBatch(items);
  return results.map((r) => r.values.get('f'));
}

const counter = (increment = 1): FeatureOp => ({
  kind: 'counter',
  windowMs: 60_000,
  bucketMs: 5_000,
  increment,
});
const count = (value: number) => ({ kind: 'count', value });

describe('InMemoryFeatureStore replays (the model the Redis store is checked against)', () => {
  it('a retry gets its first results, a resend from another origin is a duplicate, a new plan reads as of its time', async () => {
    const store = new InMemoryFeatureStore();
    const [first] = await store.computeBatch([item]);
    expect(first).toMatchObject({ replayed: false, duplicate: false });
    const never = {
      kind: 'seen',
      lastSeenAt: null,
      known: false,
      firstSeenAt: null,
      historySince: null,
    };
    expect(first?.values.get('seen:{acct-1}:device')).toEqual(never);

    const [retry] = await store.computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    expect(retry?.values.get('seen:{acct-1}:device')).toEqual(never);

    const [resent] = await store.computeBatch([{ ...item, origin: 'logins/0/9' }]);
    expect(resent).toMatchObject({ replayed: true, duplicate: true });

    // Rules changed in between: read only, as of the event's own time (its own recording is
    // not "before" itself).
    const [changed] = await store.computeBatch([{ ...item, plan: 'rules-b' }]);
    expect(changed?.values.get('seen:{acct-1}:device')).toEqual(never);
  });
});

describe('InMemoryFeatureStore as of event time', () => {
  it('counters count (at − W, at] whatever the recording order; a late event sees only its past', async () => {
    const store = new InMemoryFeatureStore();
    const values = await valuesOf(store, [
      one(counter(), 70_000),
      one(counter(), 10_000), // late: the event at 70 s is after it
      one(counter(), 69_999), // (9.999 s, 69.999 s]: 10 s and itself, not 70 s
      one(counter(), 70_000), // (10 s, 70 s]: 10 s is exactly W before: out
    ]);
    expect(values).toEqual([count(1), count(1), count(2), count(3)]);
  });

  it('a read-only item changes nothing', async () => {
    const store = new InMemoryFeatureStore();
    await store.computeBatch([
      one(counter(), 50_000),
      one(counter(), 20_000),
      one(counter(), 60_000),
    ]);
    // Re-evaluating the event at 50 s: the late one at 20 s is in its window now, and so is itself.
    const [again] = await store.computeBatch([one(counter(), 50_000, { readOnly: true })]);
    expect(again).toMatchObject({ replayed: false, duplicate: false });
    expect(again?.values.get('f')).toEqual(count(2));
    const [after] = await store.computeBatch([one(counter(), 60_001)]);
    expect(after?.values.get('f')).toEqual(count(4));
  });

  it('daily totals count the day up to the event: a later same-day event recorded first does not count', async () => {
    const store = new InMemoryFeatureStore();
    const daily = (increment: number): FeatureOp => ({ kind: 'daily', ttlMs: 1, increment });
    const values = await valuesOf(store, [
      one(daily(500), 10 * 3_600_000),
      one(daily(200), 2 * 3_600_000),
      one(daily(100), 10 * 3_600_000 - 1),
    ]);
    expect(values).toEqual([count(500), count(200), count(300)]);
  });

  it('distinct counts members last seen in the window, the own member always', async () => {
    const store = new InMemoryFeatureStore();
    const distinct = (member: string | null): FeatureOp => ({
      kind: 'distinct',
      windowMs: 60_000,
      member,
      maxMembers: 10,
    });
    const values = await valuesOf(store, [
      one(distinct('a'), 50_000),
      one(distinct('b'), 60_000),
      one(distinct('a'), 40_000), // late: own member counts though its latest sighting is later
      one(distinct(null), 55_000), // a (latest 50 s) counts; b, seen at 60 s only, does not
    ]);
    expect(values).toEqual([count(1), count(2), count(1), count(1)]);
  });

  it('distinct read before a member’s latest sighting counts it by the sighting before (two kept), whatever order they were recorded in', async () => {
    const distinct = (member: string | null): FeatureOp => ({
      kind: 'distinct',
      windowMs: 60_000,
      member,
      maxMembers: 10,
    });
    for (const order of [
      [10_000, 100_000],
      [100_000, 10_000],
    ]) {
      const store = new InMemoryFeatureStore();
      await valuesOf(store, [
        ...order.map((at) => one(distinct('a'), at)),
        one(distinct('b'), 20_000),
      ]);
      // As of 30 s (a re-evaluation): a (10 s, again at 100 s) and b count; as of 80 s neither.
      const values = await valuesOf(store, [
        one(distinct(null), 30_000),
        one(distinct(null), 80_000),
      ]);
      expect(values, `recorded at ${order.join(', ')}`).toEqual([count(2), count(0)]);
    }
    // Seen three times, only the first in the window as of 70 s and two after it: forgotten
    // (toward not counting); a member seen inside the window and once after still counts.
    const store = new InMemoryFeatureStore();
    await valuesOf(store, [
      one(distinct('c'), 50_000),
      one(distinct('c'), 100_000),
      one(distinct('c'), 200_000),
      one(distinct('d'), 40_000),
      one(distinct('d'), 150_000),
    ]);
    expect(await valuesOf(store, [one(distinct(null), 70_000)])).toEqual([count(1)]);
  });

  it('seen_before keeps first and last recording: exact before both, "just before" between them', async () => {
    const store = new InMemoryFeatureStore();
    const seen = (member: string): FeatureOp => ({
      kind: 'seen_before',
      member,
      record: true,
      retentionMs: 1,
      maxMembers: 10,
    });
    const values = await valuesOf(store, [
      one(seen('d'), 5_000),
      one(seen('d'), 9_000),
      one(seen('d'), 7_000), // between 5 s and 9 s: a sighting before it exists, when is unknown
      one(seen('e'), 1_000), // before every recording: no history yet
      one(seen('d'), 5_000), // exactly the first recording: not strictly before itself
      one(seen('d'), 12_000),
    ]);
    const seenAt = (
      lastSeenAt: number | null,
      known: boolean,
      firstSeenAt: number | null = null,
      historySince: number | null = null,
    ) => ({ kind: 'seen', lastSeenAt, known, firstSeenAt, historySince });
    expect(values).toEqual([
      seenAt(null, false),
      seenAt(5_000, true, 5_000, 5_000),
      seenAt(6_999, true, 5_000, 5_000),
      seenAt(null, false),
      // 'e' was recorded at 1 s since: the hash's earliest, 'd' first came later.
      seenAt(null, true, null, 1_000),
      seenAt(9_000, true, 5_000, 1_000),
    ]);
  });

  it('last_event returns the newest record strictly before the event, out of the 4 newest', async () => {
    const store = new InMemoryFeatureStore();
    const at = (t: number): LastEventRecord => ({ at: t, country: 'JP' });
    const last = (t: number, record = true): FeatureOp => ({
      kind: 'last_event',
      record: record ? at(t) : null,
      retentionMs: 1,
    });
    const values = await valuesOf(store, [
      one(last(10), 10),
      one(last(50), 50),
      one(last(30), 30), // late
      one(last(31, false), 31),
      one(last(60), 60),
      one(last(70), 70),
      one(last(80), 80), // keeps 80, 70, 60, 50: 30 and 10 are gone
      one(last(45, false), 45),
      one(last(55, false), 55),
    ]);
    expect(values.map((v) => (v?.kind === 'last' ? (v.record?.at ?? null) : 'other'))).toEqual([
      null,
      10,
      10,
      30,
      50,
      60,
      70,
      null,
      50,
    ]);
  });
});

describe('InMemoryFeatureStore remembering only redelivered events (a replay of known history)', () => {
  const ops: FeatureOp[] = [
    counter(),
    { kind: 'daily', ttlMs: 1, increment: 3 },
    { kind: 'distinct', windowMs: 60_000, member: 'm', maxMembers: 10 },
    { kind: 'seen_before', member: 'd', record: true, retentionMs: 1, maxMembers: 5 },
    { kind: 'average', sample: 700, retentionMs: 1, maxSamples: 10 },
  ];
  const items = (offset: number): FeatureBatchItem[] =>
    [0, 4_000, 4_000, 30_000, 90_000].map((at, i) => ({
      eventId: `r-${i}`,
      accountId: 'acct-r',
      at: offset + at,
      origin: `t/0/${i}`,
      plan: 'p',
      requests: ops.map((op, n) => ({ id: `f${n}`, op })),
    }));

  it('computes what the reference computes, and dedupes the events it is told may come again', async () => {
    const reference = new InMemoryFeatureStore();
    const lean = new InMemoryFeatureStore({ redelivered: (_, eventId) => eventId === 'r-1' });
    const history = items(1_000_000);
    // r-1 again: a retry (same origin) then a resend (another origin).
    const deliveries = [...history, history[1]!, { ...history[1]!, origin: 't/0/9' }];
    const expected = await reference.computeBatch(deliveries);
    expect(await lean.computeBatch(deliveries)).toEqual(expected);
    expect(expected.slice(-2).map((r) => [r.replayed, r.duplicate])).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it('keeps no dedupe entry for the others: the same event again is processed as new', async () => {
    const lean = new InMemoryFeatureStore({ redelivered: () => false });
    const [event] = items(0);
    const [first] = await lean.computeBatch([event!]);
    const [again] = await lean.computeBatch([event!]);
    expect(first).toMatchObject({ replayed: false });
    expect(first?.values.get('f0')).toEqual(count(1));
    // Not told it may come again: counted twice (the replay's caller tells it every repeat).
    expect(again).toMatchObject({ replayed: false });
    expect(again?.values.get('f0')).toEqual(count(2));
  });
});
