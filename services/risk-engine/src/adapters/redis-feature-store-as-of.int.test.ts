import { describe, expect, it } from 'vitest';
import { type FeatureBatchItem, type FeatureSpec, type FeatureValue } from '@vigil/rules';
import { dedupeKeys } from './redis-feature-store-digests.ts';
import { useFeatureStoreOnRedis } from './redis-feature-store-fixture.ts';
import {
  T0,
  alongsideModel,
  countOf,
  itemFor,
  nextSequence,
  perCard,
  seenValue,
  seenDevice,
  tx,
} from './redis-feature-store-test-events.ts';

const W = 60_000; // perCard: 60 s window in 5 s buckets
const B = 5_000;

const daily: FeatureSpec = {
  kind: 'daily',
  dimension: 'account',
  measure: 'amount',
  timeZone: 'Asia/Tokyo',
  filter: {},
};
const cardsPerDevice: FeatureSpec = {
  kind: 'distinct',
  dimension: 'device',
  of: 'card',
  windowMs: W,
  filter: {},
};
const lastEvent: FeatureSpec = {
  kind: 'last_event',
  dimension: 'account',
  retentionMs: 86_400_000,
  filter: {},
};

const count = (value: number): FeatureValue => ({ kind: 'count', value });

describe('RedisFeatureStore: every value as of the event time', () => {
  const fixtures = useFeatureStoreOnRedis();
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;

  /** The items one at a time through Redis and the model: each result's first value. */
  async function both(items: FeatureBatchItem[]): Promise<[unknown[], unknown[]]> {
    const { fromStore, fromModel } = await alongsideModel(store(), items);
    return [
      fromStore.map((r, i) => countOf(r, 0, items[i]!)),
      fromModel.map((r, i) => countOf(r, 0, items[i]!)),
    ];
  }

  const onCard = (card: { fingerprint: string }, at: number) =>
    itemFor(tx({ card, at }), [perCard]);

  it('counts (at − W, at] exactly at the window edge, wherever it falls in its bucket', async () => {
    for (const offset of [0, 1, 2_345, B - 1]) {
      for (const gap of [W - 1, W, W + 1]) {
        const card = { fingerprint: `fp-edge-${nextSequence()}` };
        const first = T0 + offset;
        const inOrder = await both([onCard(card, first), onCard(card, first + gap)]);
        const expected = gap < W ? 2 : 1;
        expect(inOrder[0]).toEqual([count(1), count(expected)]);
        expect(inOrder[1]).toEqual(inOrder[0]);

        // The same two events, the older one arriving late: it never counts the newer one, and
        // re-reading the newer one (read only) counts the late one when it is in its window.
        const lateCard = { fingerprint: `fp-edge-late-${nextSequence()}` };
        const newer = tx({ card: lateCard, at: first + gap });
        const late = await both([itemFor(newer, [perCard]), onCard(lateCard, first)]);
        expect(late[0]).toEqual([count(1), count(1)]);
        const [again] = await store().computeBatch([
          { ...itemFor(newer, [perCard]), readOnly: true },
        ]);
        expect(countOf(again, 0, itemFor(newer, [perCard]))).toEqual(count(expected));
      }
    }
  });

  it('a late event counts nothing recorded ahead of it, even in its own bucket', async () => {
    const card = { fingerprint: `fp-ahead-${nextSequence()}` };
    const ahead = [10, 11, 12, 13].map((ms) => onCard(card, T0 + 30_000 + ms));
    const [fromRedis, fromModel] = await both([
      ...ahead,
      onCard(card, T0 + 30_000 + 9), // same 5 s bucket, before all of them
      onCard(card, T0 + 30_000 + 12), // between them
      onCard(card, T0 + 30_000 - W + 11), // its window ends before them
    ]);
    expect(fromRedis).toEqual([1, 2, 3, 4, 1, 5, 1].map(count));
    expect(fromModel).toEqual(fromRedis);
  });

  it('an overflowed edge bucket is left out where the cut falls inside it: under-count, never over', async () => {
    const card = { fingerprint: `fp-burst-${nextSequence()}` };
    // One 5 s bucket with more events than its detail holds (64 bytes): offsets 100..2000.
    const burst = Array.from({ length: 20 }, (_, i) => onCard(card, T0 + 100 + 100 * i));
    const cutInside = onCard(card, T0 + 650 + W); // at − W = 650: inside the burst's range
    const cutAfter = onCard(card, T0 + 100 * burst.length + 101 + W); // after the burst
    const [fromRedis, fromModel] = await both([...burst, cutInside, cutAfter]);
    expect(fromRedis).toEqual(fromModel);
    // The truth as of cutInside is 15 (the 14 burst events after 650 ms, and itself): the
    // ambiguous edge bucket is left out, so 1.
    expect(fromRedis.at(-2)).toEqual(count(1));
    // Past the whole range the bucket is cut exactly again: only the two readers remain.
    expect(fromRedis.at(-1)).toEqual(count(2));
  });

  it('read only: writes nothing, checks and writes no marker', async () => {
    const card = { fingerprint: `fp-ro-${nextSequence()}` };
    const accountId = `acct-ro-${nextSequence()}`;
    const event = tx({ card, accountId, at: T0 + 5_000 });
    const item = { ...itemFor(event, [perCard]), origin: 'tx/0/1', plan: 'p' };
    await store().computeBatch([itemFor(tx({ card, accountId, at: T0 + 9_000 }), [perCard])]);
    const [readOnly] = await store().computeBatch([{ ...item, readOnly: true }]);
    expect(readOnly).toMatchObject({ replayed: false, duplicate: false });
    // As of T0 + 5 s with the event "recorded" — but it is not: nothing but the read-only call
    // claims it, and the 9 s event is after it.
    expect(countOf(readOnly, 0, item)).toEqual(count(0));
    const keys = dedupeKeys(prefix(), accountId, event.event.eventId, 'tx/0/1', item.at);
    expect(await redis().hexists(keys.root, keys.entry)).toBe(0);
    expect(await redis().exists(keys.results)).toBe(0);
    // The event itself still gets its first processing afterwards.
    const [first] = await store().computeBatch([item]);
    expect(first).toMatchObject({ replayed: false });
    expect(countOf(first, 0, item)).toEqual(count(1));
    const [again] = await store().computeBatch([{ ...item, readOnly: true }]);
    expect(countOf(again, 0, item)).toEqual(count(1));
  });

  it('a daily total counts its local day up to the event, hour detail included', async () => {
    const accountId = `acct-day-${nextSequence()}`;
    const noon = Date.parse('2026-11-24T03:00:00Z'); // noon in Tokyo
    const pay = (minor: number, at: number) =>
      itemFor(tx({ accountId, amount: { minor, currency: 'JPY' }, at }), [daily]);
    const [fromRedis, fromModel] = await both([
      pay(9_000, noon + 3 * 3_600_000 + 5), // recorded first, later in the day
      pay(100, noon + 10), // same day, earlier: the 9,000 does not count
      pay(200, noon + 3 * 3_600_000 + 4), // same hour as the 9,000, 1 ms before it
      pay(300, noon + 3 * 3_600_000 + 5), // the same instant: counts it
      // ",20" … ",49": the noon hour's detail (64 bytes) overflows.
      ...Array.from({ length: 30 }, (_, i) => pay(1, noon + 20 + i)),
      pay(50, noon + 15), // the noon hour overflowed and holds later events: only itself
    ]);
    expect(fromRedis).toEqual(fromModel);
    expect(fromRedis.slice(0, 4)).toEqual([9_000, 100, 300, 9_600].map(count));
    expect(fromRedis.at(-1)).toEqual(count(50));
  });

  it('distinct: members last seen in the window; the own member always counts', async () => {
    const device = { id: `dev-dst-${nextSequence()}` };
    const use = (fp: string, at: number) =>
      itemFor(tx({ device, card: { fingerprint: fp }, at }), [cardsPerDevice]);
    const [fromRedis, fromModel] = await both([
      use('a', T0 + 50_000),
      use('b', T0 + 60_000),
      use('a', T0 + 40_000), // late, own member's latest sighting is later
      use('c', T0 + 55_000), // a (50 s) and itself; b only after
      use('d', T0 + 50_000 + W), // a exactly W before: out
    ]);
    expect(fromRedis).toEqual([1, 2, 1, 2, 3].map(count));
    expect(fromModel).toEqual(fromRedis);
  });

  it('distinct as of a time before a member was seen again: counted by the sighting before, in either recording order', async () => {
    for (const order of [
      [10_000, 100_000],
      [100_000, 10_000],
    ]) {
      const device = { id: `dev-prev-${nextSequence()}` };
      const use = (fp: string, at: number) =>
        itemFor(tx({ device, card: { fingerprint: fp }, at }), [cardsPerDevice]);
      // Decided again as of 30 s and 80 s (a late event's revisit): nothing written.
      const again = (at: number): FeatureBatchItem => ({
        ...use('z', at),
        readOnly: true as const,
      });
      const [fromRedis, fromModel] = await both([
        ...order.map((at) => use('a', T0 + at)),
        use('b', T0 + 20_000),
        again(T0 + 30_000),
        again(T0 + 80_000),
      ]);
      expect(fromModel).toEqual(fromRedis);
      // a (10 s, again at 100 s) and b as of 30 s; neither as of 80 s (b at 20 s is out).
      expect(fromRedis.slice(-2), `recorded at ${order.join(', ')}`).toEqual([2, 0].map(count));
    }
  });

  it('seen_before: first and last per value', async () => {
    const accountId = `acct-seen-${nextSequence()}`;
    const see = (device: string, at: number) =>
      itemFor(tx({ accountId, device: { id: device }, at }), [seenDevice]);
    const [fromRedis, fromModel] = await both([
      see('d', T0 + 5_000),
      see('d', T0 + 9_000),
      see('d', T0 + 7_000),
      see('e', T0 + 1_000),
      see('d', T0 + 5_000),
      see('d', T0 + 12_000),
    ]);
    expect(fromRedis).toEqual(fromModel);
    expect(fromRedis).toEqual([
      seenValue(null, false),
      seenValue(T0 + 5_000, true, T0 + 5_000, T0 + 5_000),
      seenValue(T0 + 6_999, true, T0 + 5_000, T0 + 5_000),
      seenValue(null, false),
      seenValue(null, true, null, T0 + 1_000),
      seenValue(T0 + 9_000, true, T0 + 5_000, T0 + 1_000),
    ]);
  });

  it('last_event: the newest record strictly before the event, of the 4 newest kept', async () => {
    const accountId = `acct-last-${nextSequence()}`;
    const at = (seconds: number) =>
      itemFor(tx({ accountId, geo: { country: 'JP' }, at: T0 + seconds * 1_000 }), [lastEvent]);
    const [fromRedis, fromModel] = await both([10, 50, 30, 60, 70, 80, 45, 55].map(at));
    expect(fromRedis).toEqual(fromModel);
    const times = fromRedis.map((v) => (v as { record: { at: number } | null }).record?.at ?? null);
    expect(times).toEqual(
      [null, 10, 10, 50, 60, 70, null, 50].map((s) => (s === null ? null : T0 + s * 1_000)),
    );
  });
});
