import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '@vigil/rules';
import { useFeatureStoreOnRedis } from './redis-feature-store-fixture.ts';
import {
  countOf,
  itemFor,
  nextSequence,
  perCard,
  seenValue,
  seenDevice as seenWithinADay,
  tx,
} from './redis-feature-store-test-events.ts';

// perCard: 60 s window in 5 s buckets, 1 h lateness horizon (720 buckets) → lifetime
// (12 + 720 + 2) × 5 s, slack one bucket.
const COUNTER_LIFETIME_MS = 3_670_000;
const COUNTER_SLACK_MS = 5_000;
const DAY = 86_400_000;
const HORIZON = 3_600_000;
const seenDevice: FeatureSpec = { ...seenWithinADay, lookbackMs: 30 * DAY };

describe('RedisFeatureStore key expiry (hint field)', () => {
  const fixtures = useFeatureStoreOnRedis();
  // Getters, not variables: the hooks create them.
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;

  /** The expiry in the hint (seen hashes follow it with ":<earliest recording>"). */
  async function expiryOf(key: string): Promise<{ hint: number; pexpiretime: number }> {
    const [hint, pexpiretime] = await Promise.all([
      redis().hget(key, ''),
      redis().call('PEXPIRETIME', key),
    ]);
    return { hint: Number(hint?.split(':')[0]), pexpiretime: Number(pexpiretime) };
  }

  it('a busy counter hash keeps its expiry until it nears the lifetime, then moves it past it', async () => {
    const card = { fingerprint: `fp-exp-${nextSequence()}` };
    const first = itemFor(tx({ card, at: Date.now() }), [perCard]);
    await store().computeBatch([first]);
    const key = prefix() + first.requests[0]!.group!.key;
    const set = await expiryOf(key);
    // The hint is the expiry the key really has.
    expect(set.pexpiretime).toBe(set.hint);
    expect(set.hint - Date.now()).toBeGreaterThan(COUNTER_LIFETIME_MS);
    expect(set.hint - Date.now()).toBeLessThanOrEqual(COUNTER_LIFETIME_MS + COUNTER_SLACK_MS);

    // More events at once: still covered, so the expiry does not move.
    const more = Array.from({ length: 5 }, (_, i) =>
      itemFor(tx({ card, at: Date.now() + i }), [perCard]),
    );
    const results = await store().computeBatch(more);
    expect(countOf(results[4], 0, more[4]!)).toEqual({ kind: 'count', value: 6 });
    expect(await expiryOf(key)).toEqual(set);

    // As if time had passed: the expiry is now within the lifetime, so the next write moves it.
    const near = Date.now() + COUNTER_LIFETIME_MS - 10_000;
    await redis().hset(key, '', String(near));
    await redis().pexpireat(key, near);
    const later = itemFor(tx({ card, at: Date.now() + 10 }), [perCard]);
    await store().computeBatch([later]);
    const moved = await expiryOf(key);
    expect(moved.pexpiretime).toBe(moved.hint);
    expect(moved.hint - Date.now()).toBeGreaterThan(COUNTER_LIFETIME_MS);
  });

  it('seen state: the hint marks history', async () => {
    const accountId = `acct-exp-${nextSequence()}`;
    const at = Date.now();
    const first = itemFor(tx({ accountId, device: { id: 'd-1' }, at }), [seenDevice]);
    const [r1] = await store().computeBatch([first]);
    expect(countOf(r1, 0, first)).toEqual(seenValue(null, false));
    const key = prefix() + first.requests[0]!.id;
    const { hint, pexpiretime } = await expiryOf(key);
    expect(pexpiretime).toBe(hint);
    expect(hint - Date.now()).toBeGreaterThan(30 * DAY + HORIZON - 60_000);
    expect(hint - Date.now()).toBeLessThanOrEqual(((30 * DAY + HORIZON) * 33) / 32);
    // The hint also holds the earliest recording: history before an event is one field.
    expect(await redis().hget(key, '')).toBe(`${hint}:${at}`);

    const second = itemFor(tx({ accountId, device: { id: 'd-2' }, at: at + 1 }), [seenDevice]);
    const [r2] = await store().computeBatch([second]);
    expect(countOf(r2, 0, second)).toEqual(seenValue(null, true, null, at));
    // The hint is not a member: two devices, one hint.
    expect(await redis().hlen(key)).toBe(3);
  });

  it('caps seen members without ever evicting the hint', async () => {
    const accountId = `acct-cap-${nextSequence()}`;
    const at = Date.now();
    // MAX_SEEN_MEMBERS is 500: one past it evicts the oldest half.
    const items = Array.from({ length: 501 }, (_, i) =>
      itemFor(tx({ accountId, device: { id: `d-${i}` }, at: at + i }), [seenDevice]),
    );
    await store().computeBatch(items);
    const key = prefix() + items[0]!.requests[0]!.id;
    const fields = await redis().hkeys(key);
    expect(fields).toContain('');
    expect(fields.length).toBe(250 + 1);
    expect(fields).toContain('d-500');
    expect(fields).not.toContain('d-0');
  });
});
