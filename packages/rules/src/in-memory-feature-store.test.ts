import { describe, expect, it } from 'vitest';
import type { FeatureBatchItem } from './feature-request.ts';
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

describe('InMemoryFeatureStore replays (the model the Redis store is checked against)', () => {
  it('a retry gets its first results, a resend from another origin is a duplicate, a new plan reads current state', async () => {
    const store = new InMemoryFeatureStore();
    const [first] = await store.computeBatch([item]);
    expect(first).toMatchObject({ replayed: false, duplicate: false });
    const never = { kind: 'seen', lastSeenAt: null, known: false };
    expect(first?.values.get('seen:{acct-1}:device')).toEqual(never);

    const [retry] = await store.computeBatch([item]);
    expect(retry).toMatchObject({ replayed: true, duplicate: false });
    expect(retry?.values.get('seen:{acct-1}:device')).toEqual(never);

    const [resent] = await store.computeBatch([{ ...item, origin: 'logins/0/9' }]);
    expect(resent).toMatchObject({ replayed: true, duplicate: true });

    const [changed] = await store.computeBatch([{ ...item, plan: 'rules-b' }]);
    expect(changed?.values.get('seen:{acct-1}:device')).toEqual({
      kind: 'seen',
      lastSeenAt: 1_000,
      known: true,
    });
  });
});
