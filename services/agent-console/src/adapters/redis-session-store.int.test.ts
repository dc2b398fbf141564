import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisFixture, type RedisFixture } from '@vigil/testing';
import type { SessionRecord } from '../app/ports.ts';
import { createRedisSessionStore } from './redis-session-store.ts';
import { createTokenSeal } from './session-token-seal.ts';

let fixture: RedisFixture;
const seal = createTokenSeal('a-secret-of-at-least-32-bytes-0001');
const TOKEN = 'ann-token-that-must-never-sit-in-redis';

const record = (id: string): SessionRecord => ({
  id,
  csrfToken: 'csrf-token-of-the-session',
  principal: 'agent-ann',
  role: 'agent',
  token: TOKEN,
  createdAtMs: Date.now(),
  lastSeenMs: Date.now(),
});

beforeAll(async () => {
  fixture = await createRedisFixture();
});
afterAll(() => fixture.cleanup());

const storeWith = (tokenSeal = seal) =>
  createRedisSessionStore({ redis: fixture.redis, keyPrefix: fixture.keyPrefix, seal: tokenSeal });

async function everythingStored(): Promise<string> {
  const keys = await fixture.redis.keys(`${fixture.keyPrefix}*`);
  const values = await Promise.all(keys.map((key) => fixture.redis.get(key)));
  return [...keys, ...values].join('\n');
}

describe('Redis session store', () => {
  it('keeps a session for every replica until it is deleted, with neither token nor id in Redis', async () => {
    const store = storeWith();
    const session = record('session-id-visible-only-in-the-cookie');
    await store.put(session, Date.now() + 60_000);
    // Another replica: its own store object on the same Redis.
    expect(await storeWith().get(session.id)).toEqual(session);
    const stored = await everythingStored();
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(session.id);
    expect(stored).toContain('agent-ann');
    await store.delete(session.id);
    expect(await storeWith().get(session.id)).toBeUndefined();
  });

  it('forgets a session when it expires (Redis expires the key at the session end)', async () => {
    const store = storeWith();
    const session = record('short-lived');
    await store.put(session, Date.now() + 200);
    const [key] = await fixture.redis.keys(`${fixture.keyPrefix}session:*`);
    expect(await fixture.redis.pttl(key!)).toBeLessThanOrEqual(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.get(session.id)).toBeUndefined();
  });

  it('treats a session sealed with another secret, or a value it did not write, as no session', async () => {
    const session = record('other-secret');
    await storeWith(createTokenSeal('another-secret-of-32-bytes-or-more-02')).put(
      session,
      Date.now() + 60_000,
    );
    expect(await storeWith().get(session.id)).toBeUndefined();

    const foreign = record('not-json');
    await storeWith().put(foreign, Date.now() + 60_000);
    const keys = await fixture.redis.keys(`${fixture.keyPrefix}session:*`);
    for (const key of keys) await fixture.redis.set(key, 'not json', 'PX', 60_000);
    expect(await storeWith().get(foreign.id)).toBeUndefined();
  });

  it('fails with a retryable error when Redis does not answer', async () => {
    const { Redis } = await import('ioredis');
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined); // the refused connection is what this test is about
    const store = createRedisSessionStore({ redis: down, keyPrefix: 'x:', seal });
    await expect(store.get('any')).rejects.toMatchObject({ retryable: true });
    down.disconnect();
  });
});
