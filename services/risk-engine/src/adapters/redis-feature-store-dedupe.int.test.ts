import { describe, expect, it } from 'vitest';
import { useFeatureStoreOnRedis } from './redis-feature-store-fixture.ts';
import {
  countOf,
  itemFor,
  nextSequence,
  perCard,
  seenDevice,
  tx,
} from './redis-feature-store-test-events.ts';

const HOUR = 3_600_000;

describe('RedisFeatureStore dedupe markers and first results', () => {
  const fixtures = useFeatureStoreOnRedis({ dedupeTtlMs: 24 * HOUR, resultsTtlMs: 2 * HOUR });
  // Getters, not variables: the hooks create them.
  const redis = () => fixtures.current().redis;
  const prefix = () => fixtures.current().keyPrefix;
  const store = () => fixtures.current().store;

  function event(name: string) {
    const accountId = `acct-${name}-${nextSequence()}`;
    const scored = tx({ accountId, card: { fingerprint: `fp-${name}-${nextSequence()}` } });
    const item = { ...itemFor(scored, [perCard]), origin: 'tx/1/10', plan: 'rules-a' };
    const keyOf = (kind: 'evt' | 'evr') =>
      `${prefix()}v1:${kind}:{${accountId}}:${scored.event.eventId}`;
    return { item, keyOf };
  }

  it('keeps the origin for the dedupe window and the first results only for the results window', async () => {
    const { item, keyOf } = event('split');
    await store().computeBatch([item]);
    expect(await redis().get(keyOf('evt'))).toBe('tx/1/10');
    const markerTtl = await redis().pttl(keyOf('evt'));
    expect(markerTtl).toBeGreaterThan(23 * HOUR);
    const resultsTtl = await redis().pttl(keyOf('evr'));
    expect(resultsTtl).toBeGreaterThan(HOUR);
    expect(resultsTtl).toBeLessThanOrEqual(2 * HOUR);
    // Plan, values and the account's latest event time before it ('' = none).
    expect(await redis().get(keyOf('evr'))).toBe('rules-a\x1f1\x1f');
  });

  it('a retry gets the latest time of its first run', async () => {
    const { item } = event('latest');
    const [first] = await store().computeBatch([item]);
    expect(first?.latestAt).toBeNull();
    const later = { ...item, eventId: `${item.eventId}-later`, at: item.at + 1_000 };
    await store().computeBatch([later]);
    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, latestAt: null });
  });

  it('a retry after the results expired changes nothing and reads state as of its time', async () => {
    const accountId = `acct-late-${nextSequence()}`;
    const card = { fingerprint: `fp-late-${nextSequence()}` };
    const first = tx({ accountId, card, device: { id: 'd-1' } });
    const item = { ...itemFor(first, [perCard, seenDevice]), origin: 'tx/2/20', plan: 'rules-a' };
    const [original] = await store().computeBatch([item]);
    expect(countOf(original, 1, item)).toEqual({ kind: 'seen', lastSeenAt: null, known: false });
    await redis().del(`${prefix()}v1:evr:{${accountId}}:${first.event.eventId}`);

    const [retry] = await store().computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    // Read only, as of the event's time: the count is not doubled, and the device's only
    // recording is the event itself (not before it): as unseen as on the first run.
    expect(countOf(retry, 0, item)).toEqual({ kind: 'count', value: 1 });
    expect(countOf(retry, 1, item)).toEqual({ kind: 'seen', lastSeenAt: null, known: false });
    // A resend from elsewhere is still told apart for the whole dedupe window.
    const [resent] = await store().computeBatch([{ ...item, origin: 'tx/2/99' }]);
    expect(resent).toMatchObject({ replayed: true, duplicate: true });
  });
});
