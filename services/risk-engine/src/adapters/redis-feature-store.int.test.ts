import fc from 'fast-check';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryFeatureStore, feedbackToListMutations, type FeatureSpec } from '@vigil/rules';
import { createRedisFixture, type RedisFixture } from '@vigil/testing';
import { featureCall, featureScriptSettings } from './redis-feature-store-call.ts';
import { encodeOp } from './redis-feature-store-codec.ts';
import { dedupeKeys } from './redis-feature-store-digests.ts';
import { createFeatureStoreMetrics } from './redis-feature-store-metrics.ts';
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
import { RedisFeatureStore } from './redis-feature-store.ts';
import { packOperands } from './redis-packed-operands.ts';

describe('RedisFeatureStore against real Redis', () => {
  let fixture: RedisFixture;
  let registry: Registry;
  let store: RedisFeatureStore;

  beforeAll(async () => {
    fixture = await createRedisFixture();
    registry = new Registry();
    store = new RedisFeatureStore({
      redis: fixture.redis,
      keyPrefix: fixture.keyPrefix,
      metrics: createFeatureStoreMetrics(registry),
    });
  });
  afterAll(async () => {
    await fixture.cleanup();
  });

  it('counts a sliding window as of each event time, like the reference model (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 25 }),
        async (offsets) => {
          const card = { fingerprint: `fp-prop-${nextSequence()}` };
          const sorted = [...offsets].sort((a, b) => a - b);
          const items = sorted.map((offset) => itemFor(tx({ card, at: T0 + offset }), [perCard]));
          const model = new InMemoryFeatureStore();
          const results = await store.computeBatch(items);
          const expected = await model.computeBatch(items);
          expect(results.map((r) => r.values)).toEqual(expected.map((r) => r.values));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('running window sums stay exact for late events, idle gaps and increments (property)', async () => {
    // Each step moves the newest event time forward (sometimes past a whole window: idle gap)
    // or sends an event up to half an hour late (within the lateness horizon); amounts vary.
    // Every result must equal the reference model's, in one batch per step like the engine.
    const step = fc.record({
      advance: fc.oneof(
        fc.integer({ min: 0, max: 6_000 }),
        fc.integer({ min: 60_000, max: 400_000 }),
      ),
      lateBy: fc.option(
        fc.oneof(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 1_800_000 })),
        { nil: undefined },
      ),
      minor: fc.integer({ min: 1, max: 50_000 }),
    });
    const amount: FeatureSpec = {
      kind: 'counter',
      dimension: 'card',
      measure: 'amount',
      windowMs: 60_000,
      bucketMs: 5_000,
      filter: {},
    };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const card = { fingerprint: `fp-late-${nextSequence()}` };
        let newest = T0;
        const items = steps.map((s) => {
          newest += s.advance;
          const at = s.lateBy === undefined ? newest : newest - s.lateBy;
          return itemFor(tx({ card, at, amount: { minor: s.minor, currency: 'USD' } }), [
            perCard,
            amount,
          ]);
        });
        const { fromStore, fromModel } = await alongsideModel(store, items);
        // Values only: the account's latest time is shared with the file's other tests.
        expect(fromStore.map((r) => r.values)).toEqual(fromModel.map((r) => r.values));
      }),
      { numRuns: 25 },
    );
  });

  it('keeps a busy counter hash bounded: buckets past the window and horizon are deleted', async () => {
    const shortHorizon = new RedisFeatureStore({
      redis: fixture.redis,
      keyPrefix: fixture.keyPrefix,
      latenessHorizonMs: 60_000,
    });
    const card = { fingerprint: `fp-bounded-${nextSequence()}` };
    // 2,000 events one second apart: 400 buckets of 5 s pass through a 60 s window.
    const items = Array.from({ length: 2_000 }, (_, i) =>
      itemFor(tx({ card, at: T0 + i * 1_000 }), [perCard]),
    );
    const results = await shortHorizon.computeBatch(items);
    // Five events per 5 s bucket, one a second: the window (at − 60 s, at] holds 60 of them.
    items.forEach((item, i) => {
      expect(countOf(results[i], 0, item)).toEqual({ kind: 'count', value: Math.min(i + 1, 60) });
    });
    const request = items[0]!.requests[0]!;
    const fields = await fixture.redis.hlen(fixture.keyPrefix + request.group!.key);
    // The anchor, the hint and at most the window plus the horizon of buckets (12 + 12 + 1).
    expect(fields).toBeLessThanOrEqual(2 + 12 + 12 + 1);
  });

  it('sums amounts per currency and keeps daily totals per local day', async () => {
    const amount: FeatureSpec = {
      kind: 'counter',
      dimension: 'account',
      measure: 'amount',
      windowMs: 3_600_000,
      bucketMs: 300_000,
      filter: {},
    };
    const daily: FeatureSpec = {
      kind: 'daily',
      dimension: 'account',
      measure: 'amount',
      timeZone: 'Asia/Tokyo',
      filter: {},
    };
    const account = `acct-amount-${nextSequence()}`;
    const pay = (minor: number, currency: string, at: number) =>
      itemFor(tx({ accountId: account, amount: { minor, currency }, at }), [amount, daily]);
    const items = [
      pay(1_000, 'USD', Date.parse('2026-11-24T14:30:00Z')),
      pay(500, 'JPY', Date.parse('2026-11-24T14:40:00Z')),
      pay(2_000, 'USD', Date.parse('2026-11-24T14:50:00Z')),
      pay(4_000, 'USD', Date.parse('2026-11-24T15:10:00Z')), // next day in Tokyo
    ];
    const results = await store.computeBatch(items);
    const values = results.map((result, index) => [
      countOf(result, 0, items[index]!),
      countOf(result, 1, items[index]!),
    ]);
    expect(values).toEqual([
      [
        { kind: 'count', value: 1_000 },
        { kind: 'count', value: 1_000 },
      ],
      [
        { kind: 'count', value: 500 },
        { kind: 'count', value: 500 },
      ],
      [
        { kind: 'count', value: 3_000 },
        { kind: 'count', value: 3_000 },
      ],
      [
        { kind: 'count', value: 7_000 },
        { kind: 'count', value: 4_000 },
      ],
    ]);
  });

  it('expires state: every key gets a TTL and a short window is gone after it', async () => {
    // No lateness horizon: the counter lives its window plus two buckets.
    const noHorizon = new RedisFeatureStore({
      redis: fixture.redis,
      keyPrefix: fixture.keyPrefix,
      latenessHorizonMs: 0,
    });
    const card = { fingerprint: `fp-ttl-${nextSequence()}` };
    const short: FeatureSpec = {
      kind: 'counter',
      dimension: 'card',
      measure: 'count',
      windowMs: 1_000,
      bucketMs: 250,
      filter: {},
    };
    const item = itemFor(tx({ card, at: Date.now() }), [short]);
    await noHorizon.computeBatch([item]);
    const request = item.requests[0]!;
    const key = fixture.keyPrefix + request.group!.key;
    const ttl = await fixture.redis.pttl(key);
    // Lifetime (window + 2 buckets = 1,500 ms) plus one bucket of slack.
    expect(ttl).toBeGreaterThan(1_000);
    expect(ttl).toBeLessThanOrEqual(1_750);
    await new Promise((resolve) => setTimeout(resolve, 1_950));
    expect(await fixture.redis.exists(key)).toBe(0);
    const keys = await fixture.redis.keys(`${fixture.keyPrefix}*`);
    const ttls = await Promise.all(keys.map((k) => fixture.redis.pttl(k)));
    expect(ttls.filter((t) => t === -1)).toEqual([]);
  });

  it('a replayed event id counts once and returns its first results', async () => {
    const card = { fingerprint: `fp-replay-${nextSequence()}` };
    const first = tx({ card, device: { id: 'd-new' }, accountId: `acct-replay-${nextSequence()}` });
    const item = { ...itemFor(first, [perCard, seenDevice]), origin: 'tx/0/41', plan: 'rules-a' };
    const [original] = await store.computeBatch([item]);
    const [replay] = await store.computeBatch([item]);
    expect(original).toMatchObject({ replayed: false, duplicate: false });
    expect(replay).toMatchObject({ replayed: true, duplicate: false });
    expect(replay?.values).toEqual(original?.values);
    expect(countOf(replay, 1, item)).toEqual(seenValue(null, false));
    const next = itemFor(
      tx({ card, device: { id: 'd-new' }, accountId: first.event.accountId, at: T0 + 1 }),
      [perCard, seenDevice],
    );
    const [after] = await store.computeBatch([next]);
    expect(countOf(after, 0, next)).toEqual({ kind: 'count', value: 2 });
    expect(countOf(after, 1, next)).toEqual(seenValue(T0, true, T0, T0));
  });

  it('tells a retry from a duplicate delivery, reads current values after a rule change, and keeps markers small', async () => {
    const card = { fingerprint: `fp-dup-${nextSequence()}` };
    const event = tx({ card, device: { id: 'd-1' }, accountId: `acct-dup-${nextSequence()}` });
    const item = { ...itemFor(event, [perCard, seenDevice]), origin: 'tx/3/100', plan: 'rules-a' };
    const [first] = await store.computeBatch([item]);
    expect(countOf(first, 1, item)).toEqual(seenValue(null, false));

    // The same event sent again upstream: another offset, flagged duplicate, no values (its
    // decision is the first delivery's).
    const [resent] = await store.computeBatch([{ ...item, origin: 'tx/3/250' }]);
    expect(resent).toEqual({ replayed: true, duplicate: true, values: new Map() });

    // A retry after the rule set changed: nothing written again, state read as of the event's
    // time (its own recording is not "before" itself, so the device is as unseen as at first).
    const [changed] = await store.computeBatch([{ ...item, plan: 'rules-b' }]);
    expect(changed).toMatchObject({ replayed: true, duplicate: false });
    expect(countOf(changed, 0, item)).toEqual({ kind: 'count', value: 1 });
    expect(countOf(changed, 1, item)).toEqual(seenValue(null, false));

    // The entry kept a day per event is the store's main memory cost at high event rates: 8
    // bytes of the (account, event id) digest → 6 of the origin's digest, in a hash shared by
    // the hour's events (plan and values live in the shorter-lived results key).
    const keys = dedupeKeys(
      fixture.keyPrefix,
      event.event.accountId,
      event.event.eventId,
      '',
      item.at,
    );
    const entry = await fixture.redis.hgetBuffer(keys.root, keys.entry);
    expect(entry).toEqual(
      dedupeKeys('', event.event.accountId, event.event.eventId, 'tx/3/100', item.at).origin,
    );
    expect(await fixture.redis.object('ENCODING', keys.root)).toBe('listpack');
  });

  it('seen state tells "no history" from "unfamiliar", and the longest history keeps it alive', async () => {
    const accountId = `acct-history-${nextSequence()}`;
    const DAY = 86_400_000;
    const shortLived: FeatureSpec = {
      kind: 'seen_before',
      dimension: 'account',
      of: 'device',
      lookbackMs: DAY,
      filter: {},
    };
    const longLived: FeatureSpec = { ...shortLived, historyMs: 400 * DAY };
    const now = Date.now();
    const at = (device: string, offset: number, spec: FeatureSpec) =>
      itemFor(tx({ accountId, device: { id: device }, at: now + offset }), [spec]);

    const first = at('d-1', 0, shortLived);
    const second = at('d-2', 1, longLived);
    const third = at('d-1', 2, shortLived);
    const [r1] = await store.computeBatch([first]);
    expect(countOf(r1, 0, first)).toEqual(seenValue(null, false));
    // Same state whatever the history (the spec hash leaves it out).
    expect(second.requests[0]!.id).toBe(first.requests[0]!.id);
    const key = fixture.keyPrefix + first.requests[0]!.id;
    // The lookback and the lateness horizon (1 h), plus 1/32 of that (the expiry slack).
    expect(await fixture.redis.pttl(key)).toBeLessThanOrEqual(((DAY + 3_600_000) * 33) / 32);

    const [r2] = await store.computeBatch([second]);
    expect(countOf(r2, 0, second)).toEqual(seenValue(null, true, null, now));
    expect(await fixture.redis.pttl(key)).toBeGreaterThan(399 * DAY);
    const [r3] = await store.computeBatch([third]);
    expect(countOf(r3, 0, third)).toEqual(seenValue(now, true, now, now));
    // A shorter-lived rule sharing the hash does not cut the longer history short.
    expect(await fixture.redis.pttl(key)).toBeGreaterThan(399 * DAY);
  });

  it('counts distinct members, last events and averages', async () => {
    const device = { id: `dev-${nextSequence()}` };
    const cards: FeatureSpec = {
      kind: 'distinct',
      dimension: 'device',
      of: 'card',
      windowMs: 3_600_000,
      filter: {},
    };
    const last: FeatureSpec = {
      kind: 'last_event',
      dimension: 'account',
      retentionMs: 86_400_000,
      filter: {},
    };
    const average: FeatureSpec = {
      kind: 'average',
      dimension: 'account',
      retentionMs: 86_400_000,
      filter: {},
    };
    const account = `acct-distinct-${nextSequence()}`;
    const items = ['a', 'b', 'a', 'c'].map((fp, i) =>
      itemFor(
        tx({
          accountId: account,
          device,
          card: { fingerprint: fp },
          geo: { country: 'JP', lat: 35.5, lon: 139.5 },
          amount: { minor: 1_000 * (i + 1), currency: 'USD' },
          at: T0 + i,
        }),
        [cards, last, average],
      ),
    );
    const results = await store.computeBatch(items);
    expect(results.map((r, i) => countOf(r, 0, items[i]!))).toEqual(
      [1, 2, 2, 3].map((value) => ({ kind: 'count', value })),
    );
    expect(countOf(results[0], 1, items[0]!)).toEqual({ kind: 'last', record: null });
    expect(countOf(results[3], 1, items[3]!)).toEqual({
      kind: 'last',
      record: { at: T0 + 2, country: 'JP', lat: 35.5, lon: 139.5 },
    });
    expect(countOf(results[3], 2, items[3]!)).toEqual({ kind: 'average', count: 3, mean: 2_000 });
  });

  it('applies list mutations (with TTL) in one round trip and reads them back', async () => {
    const spec: FeatureSpec = { kind: 'list', list: 'deny', entity: 'device', scope: 'global' };
    const device = `dev-deny-${nextSequence()}`;
    const mutations = feedbackToListMutations(
      {
        schemaVersion: 1,
        feedbackId: 'f',
        accountId: 'acct-1',
        source: 'case_resolution',
        verdict: 'fraud',
        deviceId: device,
        occurredAt: new Date(T0).toISOString(),
      },
      {},
      { trustTtlMs: 1_000, denyTtlMs: 60_000 },
    );
    await store.applyListMutations(mutations);
    const listed = itemFor(tx({ device: { id: device } }), [spec]);
    const [result] = await store.computeBatch([listed]);
    expect(countOf(result, 0, listed)).toEqual({ kind: 'listed', listed: true });
    const ttl = await fixture.redis.pttl(fixture.keyPrefix + (listed.requests[0]?.id ?? ''));
    expect(ttl).toBeGreaterThan(50_000);
    await store.applyListMutations(
      feedbackToListMutations({
        schemaVersion: 1,
        feedbackId: 'g',
        accountId: 'acct-1',
        source: 'case_resolution',
        verdict: 'legit',
        deviceId: device,
        occurredAt: new Date(T0).toISOString(),
      }),
    );
    const again = itemFor(tx({ device: { id: device } }), [spec]);
    const [cleared] = await store.computeBatch([again]);
    expect(countOf(cleared, 0, again)).toEqual({ kind: 'listed', listed: false });
  });

  it('sends one pipeline per batch: exactly one EVALSHA per event and nothing else (MONITOR)', async () => {
    const storeRedis = new Redis(fixture.url);
    const monitored = new RedisFeatureStore({
      redis: storeRedis,
      keyPrefix: fixture.keyPrefix,
      metrics: createFeatureStoreMetrics(new Registry()),
    });
    const warm = itemFor(tx({ card: { fingerprint: 'warm' } }), [perCard]);
    await monitored.computeBatch([warm]); // script loaded (NOSCRIPT path at most once)
    const info = await storeRedis.client('INFO');
    const addr = /addr=(\S+)/.exec(String(info))?.[1];
    const monitorBase = new Redis(fixture.url);
    const monitor = await monitorBase.monitor();
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source.endsWith(addr ?? 'none')) seen.push(args);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const items = Array.from({ length: 20 }, (_, i) =>
      itemFor(tx({ card: { fingerprint: `fp-mon-${i % 4}` }, at: T0 + i }), [perCard]),
    );
    // prom-client hands out its live value objects: read the number, not the object, before and after.
    const roundTrips = async () =>
      ((await registry.getSingleMetric('vigil_risk_redis_round_trips_total')?.get())?.values ?? [])
        .filter((v) => v.labels.op === 'compute_batch')
        .reduce((sum, v) => sum + v.value, 0);
    const before = await roundTrips();
    await store.computeBatch(items);
    expect((await roundTrips()) - before).toBe(1);
    await monitored.computeBatch(items.map((item) => ({ ...item, eventId: `${item.eventId}-m` })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    monitor.disconnect();
    await monitorBase.quit();
    await storeRedis.quit();
    expect(seen.map((args) => args[0]?.toLowerCase())).toEqual(
      Array.from({ length: 20 }, () => 'evalsha'),
    );
  });

  /**
   * One card counter's raw script call (the store's own, not sent), the script as a command of
   * the fixture's client, and a check that none of the call's keys exists.
   */
  function rawCall(name: string) {
    const item = itemFor(
      tx({ accountId: `acct-${name}-${nextSequence()}`, card: { fingerprint: `fp-${name}` } }),
      [perCard],
    );
    const dedupe = dedupeKeys(fixture.keyPrefix, item.accountId, item.eventId, '', item.at);
    const call = featureCall(
      featureScriptSettings({ keyPrefix: fixture.keyPrefix }),
      item,
      dedupe,
      item.requests,
    );
    const redis = fixture.redis as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const send = () => redis.vigilFeatures!(call.numKeys, ...call.args);
    // The hour's dedupe hash is shared with other events: this event's entry is not in it.
    const nothingWritten = async () => {
      const written = await Promise.all([
        fixture.redis.hexists(dedupe.root, dedupe.entry),
        ...call.args.slice(1, call.numKeys).map((key) => fixture.redis.exists(String(key))),
      ]);
      expect(written).toEqual(written.map(() => 0));
    };
    return { item, call, send, nothingWritten };
  }

  it('refuses a call whose packed operands do not match its feature count, writing nothing', async () => {
    const { item, call, send, nothingWritten } = rawCall('short');
    // ARGV[3], the feature count, claims one feature more than ARGV[14] carries operands for.
    call.args[call.numKeys + 2] = item.requests.length + 1;
    await expect(send()).rejects.toThrow(/operands do not match the feature count/);
    await nothingWritten();
  });

  it("refuses a call with a number sent as text (an older client's encoding), writing nothing", async () => {
    const { item, call, send, nothingWritten } = rawCall('text');
    const request = item.requests[0]!;
    const operands = encodeOp(request.op, 4, request.group?.field ?? '');
    // The counter's operands as the script's previous version took them: numbers as text, the
    // key index as a number or as text.
    const variants: [(string | number)[], RegExp][] = [
      [operands.map((v, i) => (i < 2 ? v : String(v))), /operand 4 of feature 1 is not a number/],
      [operands.map(String), /bad key index 4/],
    ];
    for (const [ops, refusal] of variants) {
      call.args[call.numKeys + 13] = packOperands(ops);
      await expect(send()).rejects.toThrow(refusal);
    }
    await nothingWritten();
  });

  it('two concurrent batches for the same account never lose or double an increment', async () => {
    const other = new Redis(fixture.url);
    const second = new RedisFeatureStore({ redis: other, keyPrefix: fixture.keyPrefix });
    const perAccount: FeatureSpec = {
      kind: 'counter',
      dimension: 'account',
      measure: 'count',
      windowMs: 3_600_000,
      bucketMs: 60_000,
      filter: {},
    };
    const account = `acct-race-${nextSequence()}`;
    // All at one instant: as of it, the k-th event recorded counts k, whatever the interleaving.
    const batch = () =>
      Array.from({ length: 50 }, () => itemFor(tx({ accountId: account, at: T0 }), [perAccount]));
    const a = batch();
    const b = batch();
    const [ra, rb] = await Promise.all([store.computeBatch(a), second.computeBatch(b)]);
    await other.quit();
    const counts = [
      ...ra.map((r, i) => countOf(r, 0, a[i]!)),
      ...rb.map((r, i) => countOf(r, 0, b[i]!)),
    ].map((v) => (v as { value: number }).value);
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});
