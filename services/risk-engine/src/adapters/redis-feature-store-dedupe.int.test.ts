import { describe, expect, it } from 'vitest';
import type { FeatureBatchItem } from '@vigil/rules';
import { dedupeKeys } from './redis-feature-store-digests.ts';
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

/** The entry the script writes: the hour (2 bytes, big-endian) and the origin's digest. */
function entryOf(hour: number, origin: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(hour >> 8) & 255, hour & 255]), origin]);
}

describe('RedisFeatureStore dedupe hash and first results', () => {
  const fixtures = useFeatureStoreOnRedis({ dedupeTtlMs: DAY, resultsTtlMs: HOUR / 2 });
  // Getters, not variables: the hooks create them.
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;
  const keysOf = (item: FeatureBatchItem) =>
    dedupeKeys(prefix(), item.accountId, item.eventId, item.origin ?? '');

  it('keeps a digest entry per event id in the account hash for the window, results only briefly', async () => {
    const item = event('layout');
    await store().computeBatch([item]);
    const keys = keysOf(item);
    const [seconds] = await redis().time();
    const hour = Math.floor(Number(seconds) / 3_600);
    expect(await redis().hgetBuffer(keys.account, keys.event)).toEqual(entryOf(hour, keys.origin));
    expect(await redis().hget(keys.account, 'l')).toBe(String(item.at));
    expect(await redis().object('ENCODING', keys.account)).toBe('listpack');
    // The hash lives the window plus a slack of 1/32 after its last write.
    const expiresIn = Number(await redis().call('PEXPIRETIME', keys.account)) - Date.now();
    expect(expiresIn).toBeGreaterThan(DAY - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(DAY + DAY / 32);
    const resultsTtl = await redis().pttl(keys.results);
    expect(resultsTtl).toBeGreaterThan(HOUR / 2 - 60_000);
    expect(resultsTtl).toBeLessThanOrEqual(HOUR / 2);
    // Plan, values and the account's latest event time before it ('' = none).
    expect(await redis().get(keys.results)).toBe('rules-a\x1f1\x1f');
  });

  it('a retry from the same origin gets its first results and latest time, after later events', async () => {
    const item = event('latest');
    const [first] = await store().computeBatch([item]);
    expect(first?.latestAt).toBeNull();
    const later = { ...item, eventId: `${item.eventId}-later`, at: item.at + 1_000 };
    await store().computeBatch([later]);
    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false, latestAt: null });
    expect(retry?.values).toEqual(first?.values);
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
    const fields = await redis().hlen(keys.account);

    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    // Read only, as of the event's time: the count is not doubled, and the device's only
    // recording is the event itself (not before it): as unseen as on the first run.
    expect(countOf(retry, 0, item)).toEqual({ kind: 'count', value: 1 });
    expect(countOf(retry, 1, item)).toEqual(seenValue(null, false));
    expect(await redis().exists(keys.results)).toBe(0);
    expect(await redis().hlen(keys.account)).toBe(fields);
    // A resend from elsewhere is still told apart for the whole dedupe window.
    const [resent] = await store().computeBatch([{ ...item, origin: 'tx/2/99' }]);
    expect(resent).toMatchObject({ replayed: true, duplicate: true });
  });

  it('recognises resends on both sides of a day boundary (one hash per account, not per day)', async () => {
    const accountId = `acct-midnight-${nextSequence()}`;
    const midnight = T0 + DAY;
    const before = event('midnight', { accountId, at: midnight - 1, origin: 'tx/4/1' });
    const after = event('midnight', { accountId, at: midnight, origin: 'tx/4/2' });
    const firsts = await store().computeBatch([before, after]);
    expect(firsts.map((r) => r.replayed)).toEqual([false, false]);
    expect(firsts[1]?.latestAt).toBe(midnight - 1);
    const resent = await store().computeBatch([
      { ...after, origin: 'tx/4/7' },
      { ...before, origin: 'tx/4/8' },
    ]);
    expect(resent).toMatchObject([
      { replayed: true, duplicate: true, latestAt: midnight - 1 },
      { replayed: true, duplicate: true, latestAt: null },
    ]);
    expect(resent[0]?.values).toEqual(firsts[1]?.values);
    expect(await redis().hlen(keysOf(before).account)).toBe(2 + 3); // + 'l', 'p', hint
  });

  it('tells event ids of one account apart past the listpack size, exactly', async () => {
    const accountId = `acct-busy-${nextSequence()}`;
    const items = Array.from({ length: 600 }, (_, i) =>
      event('busy', { accountId, at: T0 + i, origin: `tx/5/${i}` }),
    );
    const firsts = await store().computeBatch(items);
    expect(firsts.filter((r) => r.replayed)).toEqual([]);
    expect(countOf(firsts.at(-1), 0, items.at(-1)!)).toEqual({ kind: 'count', value: 1 });
    const account = keysOf(items[0]!).account;
    expect(await redis().hlen(account)).toBe(600 + 3);
    const retried = await store().computeBatch(items);
    expect(retried.every((r) => r.replayed && !r.duplicate)).toBe(true);
    const resent = await store().computeBatch(items.map((item) => ({ ...item, origin: 'tx/6/0' })));
    expect(resent.every((r) => r.duplicate)).toBe(true);
  });
});

describe('RedisFeatureStore dedupe hash expiry', () => {
  // A 2 h window: entries are kept 2 whole hours, the purge runs once their oldest is 4 old.
  const fixtures = useFeatureStoreOnRedis({ dedupeTtlMs: 2 * HOUR });
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;

  it('drops entries older than the window from an account that stays active', async () => {
    const accountId = `acct-purge-${nextSequence()}`;
    const [old, kept, future, next] = [1, 2, 3, 4].map((i) =>
      event('purge', { accountId, at: T0 + i, origin: `tx/8/${i}` }),
    );
    await store().computeBatch([old!, kept!, future!]);
    const keys = (item: FeatureBatchItem) =>
      dedupeKeys(prefix(), item.accountId, item.eventId, item.origin ?? '');
    const { account } = keys(old!);
    const [seconds] = await redis().time();
    const hour = Math.floor(Number(seconds) / 3_600);
    // As if they had been recorded hours ago: 'old' 3 hours (past the window), 'kept' 2; and
    // 'future' an hour from now (the Redis clock went back): kept.
    await redis().hset(
      account,
      keys(old!).event,
      entryOf(hour - 3, keys(old!).origin),
      keys(kept!).event,
      entryOf(hour - 2, keys(kept!).origin),
      keys(future!).event,
      entryOf(hour + 1, keys(future!).origin),
      'p',
      String(hour - 4),
    );
    await store().computeBatch([next!]);
    expect(await redis().hexists(account, keys(old!).event)).toBe(0);
    expect(await redis().hgetBuffer(account, keys(kept!).event)).toEqual(
      entryOf(hour - 2, keys(kept!).origin),
    );
    expect(await redis().hexists(account, keys(future!).event)).toBe(1);
    expect(await redis().hget(account, 'p')).toBe(String(hour - 2));
    // Past the window an event id is new again; within it, still a resend.
    const [again, resent] = await store().computeBatch([
      { ...old!, origin: 'tx/8/9' },
      { ...kept!, origin: 'tx/8/9' },
    ]);
    expect(again).toMatchObject({ replayed: false });
    expect(resent).toMatchObject({ replayed: true, duplicate: true });
  });

  it('the idle hash expires the window after its last write', async () => {
    const item = event('idle');
    await store().computeBatch([item]);
    const { account } = dedupeKeys(prefix(), item.accountId, item.eventId, '');
    const expiresAt = Number(await redis().call('PEXPIRETIME', account));
    expect(expiresAt - Date.now()).toBeGreaterThan(2 * HOUR - 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(2 * HOUR + (2 * HOUR) / 32);
    // The hint is the expiry the key really has (the next writes move it only when near).
    expect(await redis().hget(account, '')).toBe(String(expiresAt));
  });
});
