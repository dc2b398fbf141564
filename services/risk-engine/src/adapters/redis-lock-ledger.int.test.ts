import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisFixture, uniqueName, type RedisFixture } from '@vigil/testing';
import { RedisLockLedger } from './redis-lock-ledger.ts';

describe('RedisLockLedger against real Redis', () => {
  let fixture: RedisFixture;
  let ledger: RedisLockLedger;

  beforeAll(async () => {
    fixture = await createRedisFixture();
    ledger = new RedisLockLedger(fixture.redis, { keyPrefix: fixture.keyPrefix, holdMs: 60_000 });
  });
  afterAll(async () => {
    await fixture.cleanup();
  });

  it('lets the first block per account lock, suppresses later ones, and replays the owner', async () => {
    const a = uniqueName('acct');
    const b = uniqueName('acct');
    const first = await ledger.claim([
      { accountId: a, decisionId: 'dec-a1' },
      { accountId: a, decisionId: 'dec-a2' },
      { accountId: b, decisionId: 'dec-b1' },
    ]);
    expect([...first].sort()).toEqual(['dec-a1', 'dec-b1']);
    // A retried batch asks again for the same decisions: the owners still send their command.
    const replay = await ledger.claim([
      { accountId: a, decisionId: 'dec-a1' },
      { accountId: a, decisionId: 'dec-a2' },
    ]);
    expect([...replay]).toEqual(['dec-a1']);
    expect(await ledger.claim([{ accountId: a, decisionId: 'dec-a3' }])).toEqual(new Set());
    expect(await ledger.claim([])).toEqual(new Set());
  });

  it('after a release (account cleared) the next block locks again', async () => {
    const a = uniqueName('acct');
    expect(await ledger.claim([{ accountId: a, decisionId: 'dec-1' }])).toEqual(new Set(['dec-1']));
    await ledger.release(a);
    expect(await ledger.claim([{ accountId: a, decisionId: 'dec-2' }])).toEqual(new Set(['dec-2']));
  });

  it('after the hold period a new block locks again (in case the account was unlocked elsewhere)', async () => {
    const short = new RedisLockLedger(fixture.redis, { keyPrefix: fixture.keyPrefix, holdMs: 200 });
    const a = uniqueName('acct');
    expect(await short.claim([{ accountId: a, decisionId: 'dec-1' }])).toEqual(new Set(['dec-1']));
    expect(await short.claim([{ accountId: a, decisionId: 'dec-2' }])).toEqual(new Set());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await short.claim([{ accountId: a, decisionId: 'dec-2' }])).toEqual(new Set(['dec-2']));
    // Keys live in the account's slot and always carry a TTL.
    const ttl = await fixture.redis.pttl(`${fixture.keyPrefix}lock:{${a}}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
  });
});
