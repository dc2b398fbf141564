import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateRedisFixture, type RedisFixture } from '@vigil/testing';
import {
  countOf,
  itemFor,
  nextSequence,
  perCard,
  T0,
  tx,
} from './redis-feature-store-test-events.ts';
import { RedisFeatureStore } from './redis-feature-store.ts';

// A Redis restart or failover empties the script cache: the store must load its script again.
// SCRIPT FLUSH is server-wide, so these run on a redis-server of their own (on the shared one they
// failed other test files' pipelined calls).
describe('RedisFeatureStore after the script cache is emptied (private redis-server)', () => {
  let fixture: RedisFixture;
  let store: RedisFeatureStore;

  beforeAll(async () => {
    fixture = await createPrivateRedisFixture();
    store = new RedisFeatureStore({ redis: fixture.redis, keyPrefix: fixture.keyPrefix });
  });
  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('recovers from NOSCRIPT (script cache flushed) by loading the script once', async () => {
    await fixture.redis.script('FLUSH');
    const item = itemFor(tx({ card: { fingerprint: `fp-flush-${nextSequence()}` } }), [perCard]);
    const [result] = await store.computeBatch([item]);
    expect(countOf(result, 0, item)).toEqual({ kind: 'count', value: 1 });
  });

  it('calls made back to back (a batch in chunks) apply in call order, also after NOSCRIPT', async () => {
    for (const flushed of [false, true]) {
      if (flushed) await fixture.redis.script('FLUSH');
      const card = { fingerprint: `fp-chunks-${nextSequence()}` };
      const items = Array.from({ length: 12 }, (_, i) =>
        itemFor(tx({ card, at: T0 + i }), [perCard]),
      );
      // Four calls of three, none awaited before the next is made.
      const answers = await Promise.all(
        [0, 3, 6, 9].map((start) => store.computeBatch(items.slice(start, start + 3))),
      );
      expect(answers.flat().map((result, i) => countOf(result, 0, items[i]!))).toEqual(
        items.map((_, i) => ({ kind: 'count', value: i + 1 })),
      );
    }
  });
});
