import { describe, expect, it } from 'vitest';
import { firstResultsTag, type FeatureBatchItem } from '@vigil/rules';
import { dedupeKeys, type DedupeKeys } from './redis-feature-store-digests.ts';
import { useFeatureStoreOnRedis } from './redis-feature-store-fixture.ts';
import {
  T0,
  countOf,
  itemFor,
  nextSequence,
  perCard,
  seenValue,
  seenDevice,
  tx,
} from './redis-feature-store-test-events.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One event of a fresh account (unless given), delivered from `origin` under plan 'rules-a'. */
function event(name: string, fields: { accountId?: string; at?: number; origin?: string } = {}) {
  const accountId = fields.accountId ?? `acct-${name}-${nextSequence()}`;
  const card = { fingerprint: `fp-${name}-${nextSequence()}` };
  const scored = tx({ accountId, card, ...(fields.at === undefined ? {} : { at: fields.at }) });
  return { ...itemFor(scored, [perCard]), origin: fields.origin ?? 'tx/1/10', plan: 'rules-a' };
}

/** An entry of the previous layout (one hash per account): 2 bytes of hour, the origin's digest. */
function legacyEntryOf(hour: number, origin: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(hour >> 8) & 255, hour & 255]), origin]);
}

/** The hash of `root`'s tree on the path of `entry` at `level` (0 = the root). */
function onPath(root: string, entry: Buffer, level: number): string {
  let key = root;
  for (let l = 1; l <= level; l += 1) key += `:${entry.toString('hex', 8 - l, 9 - l)}`;
  return key;
}

describe('RedisFeatureStore dedupe hashes and first results', () => {
  const fixtures = useFeatureStoreOnRedis({ dedupeTtlMs: DAY, resultsTtlMs: HOUR / 2 });
  // Getters, not variables: the hooks create them.
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;
  const keysOf = (item: FeatureBatchItem) =>
    dedupeKeys(prefix(), item.accountId, item.eventId, item.origin ?? '', item.at);

  it("keeps a digest entry per event in its hour's hash for the window, results only briefly", async () => {
    const item = event('layout');
    await store().computeBatch([item]);
    const keys = keysOf(item);
    expect(keys.root).toBe(
      `${prefix()}v1:dd:${Math.floor(item.at / HOUR)}:${keys.entry.toString('hex', 0, 1)}`,
    );
    expect(await redis().hgetBuffer(keys.root, keys.entry)).toEqual(keys.origin);
    expect(await redis().object('ENCODING', keys.root)).toBe('listpack');
    // Nothing per account any more.
    expect(await redis().exists(keys.account)).toBe(0);
    // The hash lives the window plus a slack of 1/32 after its last write.
    const expiresIn = Number(await redis().call('PEXPIRETIME', keys.root)) - Date.now();
    expect(expiresIn).toBeGreaterThan(DAY - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(DAY + DAY / 32);
    const resultsTtl = await redis().pttl(keys.results);
    expect(resultsTtl).toBeGreaterThan(HOUR / 2 - 60_000);
    expect(resultsTtl).toBeLessThanOrEqual(HOUR / 2);
    // Plan (with the features asked for) and values, then an empty part (an earlier version's
    // latest time).
    expect(await redis().get(keys.results)).toBe(
      `${firstResultsTag('rules-a', item.requests)}\x1f1\x1f`,
    );
  });

  it('a retry from the same origin gets its first results, after later events', async () => {
    const item = event('latest');
    const [first] = await store().computeBatch([item]);
    const later = { ...item, eventId: `${item.eventId}-later`, at: item.at + 1_000 };
    await store().computeBatch([later]);
    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    expect(retry?.values).toEqual(first?.values);
  });

  it('an event id an upstream reused for another event of the account, other features as many', async () => {
    const accountId = `acct-reused-${nextSequence()}`;
    const device = tx({ accountId, device: { id: `d-${nextSequence()}` } });
    const first = { ...itemFor(device, [seenDevice]), origin: 'tx/5/1', plan: 'rules-a' };
    const card = { fingerprint: `fp-reused-${nextSequence()}` };
    const other = tx({ accountId, card, at: first.at });
    // Same account, id and hour, one feature of another kind: the first results (a last-seen
    // time) read as this event's count failed every attempt (FEATURE_STATE_CORRUPT).
    const reused = { ...itemFor(other, [perCard]), eventId: first.eventId, plan: 'rules-a' };
    await store().computeBatch([first]);

    const [resent] = await store().computeBatch([{ ...reused, origin: 'tx/5/2' }]);
    expect(resent).toEqual({ replayed: true, duplicate: true, values: new Map() });
    // From the same origin (a topic deleted and made again): a replay that asks for other
    // features reads them as of its time, changing nothing.
    const [again] = await store().computeBatch([{ ...reused, origin: 'tx/5/1' }]);
    expect(again).toMatchObject({ replayed: true, duplicate: false });
    expect(countOf(again, 0, reused)).toEqual({ kind: 'count', value: 0 });
    // The first event's own retry still gets its first results.
    const [retry] = await store().computeBatch([first]);
    expect(countOf(retry, 0, first)).toEqual(seenValue(null, false));
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
  });

  it('the same event id on two accounts is two events', async () => {
    const one = event('twin', { at: T0 + 5 });
    const other = { ...event('twin', { at: T0 + 5 }), eventId: one.eventId };
    const results = await store().computeBatch([one, other]);
    expect(results.map((r) => r.replayed)).toEqual([false, false]);
  });

  it('a retry after the results expired changes nothing and reads state as of its time', async () => {
    const accountId = `acct-late-${nextSequence()}`;
    const card = { fingerprint: `fp-late-${nextSequence()}` };
    const first = tx({ accountId, card, device: { id: 'd-1' } });
    const item = { ...itemFor(first, [perCard, seenDevice]), origin: 'tx/2/20', plan: 'rules-a' };
    const [original] = await store().computeBatch([item]);
    expect(countOf(original, 1, item)).toEqual(seenValue(null, false));
    const keys = keysOf(item);
    await redis().del(keys.results);
    const fields = await redis().hlen(keys.root);

    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    // Read only, as of the event's time: the count is not doubled, and the device's only
    // recording is the event itself (not before it): as unseen as on the first run.
    expect(countOf(retry, 0, item)).toEqual({ kind: 'count', value: 1 });
    expect(countOf(retry, 1, item)).toEqual(seenValue(null, false));
    expect(await redis().exists(keys.results)).toBe(0);
    expect(await redis().hlen(keys.root)).toBe(fields);
    // A resend from elsewhere is still told apart for the whole dedupe window.
    const [resent] = await store().computeBatch([{ ...item, origin: 'tx/2/99' }]);
    expect(resent).toMatchObject({ replayed: true, duplicate: true });
  });

  it('recognises resends on both sides of an hour boundary', async () => {
    const accountId = `acct-midnight-${nextSequence()}`;
    const midnight = T0 + DAY;
    const before = event('midnight', { accountId, at: midnight - 1, origin: 'tx/4/1' });
    const after = event('midnight', { accountId, at: midnight, origin: 'tx/4/2' });
    const firsts = await store().computeBatch([before, after]);
    expect(firsts.map((r) => r.replayed)).toEqual([false, false]);
    const resent = await store().computeBatch([
      { ...after, origin: 'tx/4/7' },
      { ...before, origin: 'tx/4/8' },
    ]);
    expect(resent).toMatchObject([
      { replayed: true, duplicate: true },
      { replayed: true, duplicate: true },
    ]);
    // A duplicate gets no decision: no values either.
    expect(resent.map((r) => r.values.size)).toEqual([0, 0]);
    expect(keysOf(before).root).not.toBe(keysOf(after).root);
  });

  it('splits a full hash into children and grandchildren, telling every event apart exactly', async () => {
    // 600 event ids of one account and hour whose entries share one root (1 in 256 do).
    const accountId = `acct-busy-${nextSequence()}`;
    const at = T0 + 7 * HOUR;
    const sample = event('busy', { accountId, at });
    const root = keysOf(sample).root;
    // Event ids busy-<n>, n counting up, whose entry is on the path `within` (root or child).
    let n = 0;
    const nextOn = (within: (keys: DedupeKeys) => boolean): FeatureBatchItem => {
      for (;;) {
        const k = n++;
        const eventId = `busy-${accountId}-${k}`;
        // Within the hour: one per ms.
        if (within(dedupeKeys(prefix(), accountId, eventId, '', at + k)))
          return { ...event('busy', { accountId, at: at + k, origin: `tx/5/${k}` }), eventId };
      }
    };
    const items = Array.from({ length: 600 }, () => nextOn((keys) => keys.root === root));
    const firsts = await store().computeBatch(items);
    expect(firsts.filter((r) => r.replayed)).toEqual([]);
    // Full at 480 entries (+ the count and the hint): the rest went to its children.
    expect(await redis().hget(root, '#')).toBe('480');
    expect(await redis().hlen(root)).toBe(482);
    expect(await redis().object('ENCODING', root)).toBe('listpack');
    const last = keysOf(items.at(-1)!);
    const child = onPath(root, last.entry, 1);
    expect(await redis().hgetBuffer(child, last.entry)).toEqual(last.origin);
    // A full child: the next entry on its path goes to a grandchild.
    await redis().hset(child, '#', '480');
    const next = nextOn((keys) => keys.root === root && onPath(root, keys.entry, 1) === child);
    await store().computeBatch([next]);
    const nextKeys = keysOf(next);
    expect(await redis().hgetBuffer(onPath(root, nextKeys.entry, 2), nextKeys.entry)).toEqual(
      nextKeys.origin,
    );
    const all = [...items, next];
    const retried = await store().computeBatch(all);
    expect(retried.every((r) => r.replayed && !r.duplicate)).toBe(true);
    const resent = await store().computeBatch(all.map((item) => ({ ...item, origin: 'tx/6/0' })));
    expect(resent.every((r) => r.duplicate)).toBe(true);
  });

  it('a child written keeps its ancestors alive as long as itself', async () => {
    const item = event('ancestors', { at: T0 + 9 * HOUR });
    const keys = keysOf(item);
    const child = onPath(keys.root, keys.entry, 1);
    // A full root about to expire: the entry goes to the child, and the root is extended.
    await redis().hset(keys.root, '#', '480', '', String(Date.now() + 60_000));
    await redis().pexpire(keys.root, 60_000);
    await store().computeBatch([item]);
    expect(await redis().hgetBuffer(child, keys.entry)).toEqual(keys.origin);
    expect(await redis().pttl(keys.root)).toBeGreaterThan(DAY - 60_000);
  });

  it('finds an event id the previous layout recorded in the account hash (upgrade)', async () => {
    const item = event('upgrade');
    const keys = keysOf(item);
    const [seconds] = await redis().time();
    const hour = Math.floor(Number(seconds) / 3_600);
    await redis().hset(keys.account, keys.event, legacyEntryOf(hour, keys.origin), 'l', '1');
    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    const [resent] = await store().computeBatch([{ ...item, origin: 'tx/9/9' }]);
    expect(resent).toMatchObject({ replayed: true, duplicate: true });
    expect(await redis().exists(keys.root)).toBe(0);
  });
});

describe('RedisFeatureStore dedupe hash expiry', () => {
  const fixtures = useFeatureStoreOnRedis({ dedupeTtlMs: 2 * HOUR });
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;

  it("an hour's hash expires the window after its last write", async () => {
    const item = event('idle');
    await store().computeBatch([item]);
    const { root } = dedupeKeys(prefix(), item.accountId, item.eventId, '', item.at);
    const expiresAt = Number(await redis().call('PEXPIRETIME', root));
    expect(expiresAt - Date.now()).toBeGreaterThan(2 * HOUR - 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(2 * HOUR + (2 * HOUR) / 32);
    // The hint is the expiry the key really has (the next writes move it only when near).
    expect(await redis().hget(root, '')).toBe(String(expiresAt));
  });
});
