import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventMemory, type EventMemory, type MemoryItem } from '@vigil/rules';
import {
  createCollatingLocale,
  createPrivateRedisFixture,
  uniqueName,
  type RedisFixture,
} from '@vigil/testing';
import { recordUseCapped, usesKey } from '../test-support/record-use-capped.ts';
import { storesOn } from '../test-support/redis-store-targets.ts';
import { itemFor, seenDevice, tx } from './redis-feature-store-test-events.ts';

// Lua compares strings with strcoll, and redis-server sets LC_COLLATE from its environment: where
// the scripts break ties between ids or members (uses at the same millisecond, accounts whose
// latest uses are equally recent, an entity or a seen hash past its cap), a server started under
// en_US.UTF-8 would order differently from one under C, and from the reference model. These run
// the scripts on a redis-server of their own under en_US.UTF-8 and expect byte order.

const T0 = Date.parse('2026-11-24T00:00:00.000Z');
const MIN = 60_000;

describe('the Lua scripts on a redis-server whose locale collates (LC_ALL=en_US.UTF-8)', () => {
  let locale: ReturnType<typeof createCollatingLocale> | undefined;
  let fx: RedisFixture;
  beforeAll(async () => {
    locale = createCollatingLocale();
    fx = await createPrivateRedisFixture({ env: locale.env });
  });
  afterAll(async () => {
    await fx?.cleanup();
    locale?.cleanup();
  });

  it('is such a server: Lua orders strings by its locale there', async () => {
    // Under C both would be 0 ('B' is byte 66, 'a' 97; '-' 45, 'b' 98).
    expect(
      await fx.redis.eval("return { ('a' < 'B') and 1 or 0, ('ab' < 'a-c') and 1 or 0 }", 0),
    ).toEqual([1, 1]);
  });

  it('a sweep picks, of uses at the same millisecond, the byte-greatest event and lists tied accounts in byte order, as the reference does', async () => {
    const ip = '203.0.113.9';
    const at = T0 + 10 * MIN;
    const use = (
      accountId: string,
      eventId: string,
      kind: 'transaction' | 'login_failure',
    ): MemoryItem => ({
      accountId,
      eventId,
      at,
      payload: '{}',
      uses: [{ entity: 'ip', value: ip, kind }],
      useRetentionMs: 24 * 60 * MIN,
    });
    // alice: two kinds at once, 'ab' and 'a-c' (bytes: 'ab' greater; en_US: 'a-c').
    // Bob: one kind twice at once, 'B1' and 'b1' (bytes: 'b1' greater; en_US: 'B1'), so the
    // field is sorted by the script. Bob before alice in bytes, after it in en_US.
    const items = [
      use('alice', 'ab', 'transaction'),
      use('alice', 'a-c', 'login_failure'),
      use('Bob', 'b1', 'transaction'),
      use('Bob', 'B1', 'transaction'),
    ];
    const sweep = (memory: EventMemory) =>
      memory.settle({
        outcomes: [],
        raises: [],
        sweeps: [{ entity: 'ip', value: ip, rule: 'r', since: T0, until: at + MIN, origin: 'o' }],
      });
    const memories = [
      new InMemoryEventMemory(),
      storesOn(fx.redis, `${fx.keyPrefix}${uniqueName('sweep')}:`).memory,
    ];
    const found: unknown[] = [];
    for (const memory of memories) {
      for (const item of items) await memory.record([item]);
      const [uses] = await sweep(memory);
      found.push(uses?.map((u) => `${u.accountId} ${u.eventId}`));
    }
    expect(found[0]).toEqual(['Bob b1', 'alice ab']);
    expect(found[1]).toEqual(found[0]);
  });

  it('past its cap, an entity forgets of accounts whose newest uses are equally old those first in byte order', async () => {
    const prefix = `${fx.keyPrefix}${uniqueName('cap')}:`;
    const ip = '198.51.100.13';
    // All at the same minute; five fields past a cap of four: three go. Bytes: C, D, a, b, e
    // (keeping b and e); en_US: a, b, C, D, e (it would keep D and e).
    for (const accountId of ['a', 'b', 'C', 'D', 'e'])
      await recordUseCapped(
        fx.redis,
        { prefix, ip, cap: 4 },
        { accountId, eventId: `${accountId}1`, at: T0 + 5 * MIN },
      );
    expect((await fx.redis.hkeys(usesKey(prefix, ip))).sort()).toEqual([
      '^',
      'login_failure\u001fb',
      'login_failure\u001fe',
    ]);
  });

  it('past its cap, a seen hash forgets of members last seen at the same time those first in byte order', async () => {
    const prefix = `${fx.keyPrefix}${uniqueName('seen')}:`;
    const { store } = storesOn(fx.redis, prefix);
    const accountId = 'acct-seen-cap';
    const at = T0 + 20 * MIN;
    // MAX_SEEN_MEMBERS is 500: the 501st member evicts 251, all seen at `at`. Half the devices
    // upper-case, half lower-case: bytes put every 'X…' before every 'x…', en_US interleaves them.
    const devices = Array.from({ length: 501 }, (_, i) => `${i % 2 ? 'x' : 'X'}-${i}`);
    const items = devices.map((id) => itemFor(tx({ accountId, device: { id }, at }), [seenDevice]));
    await store.computeBatch(items);
    const key = `${prefix}${items[0]!.requests[0]!.id}`;
    const kept = (await fx.redis.hkeys(key)).filter((field) => field !== '');
    const byBytes = [...devices].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(kept.sort()).toEqual(byBytes.slice(-250).sort());
  });
});
