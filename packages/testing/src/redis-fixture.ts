import { Redis } from 'ioredis';
import { infraUrls } from './infra-urls.ts';
import { uniqueName } from './unique-name.ts';

export interface RedisFixture {
  redis: Redis;
  url: string;
  /** Every key the test writes starts with this, so parallel tests never see each other. */
  keyPrefix: string;
  cleanup(): Promise<void>;
}

/** Deletes every key that starts with `prefix` (SCAN, so a shared Redis is never blocked). */
async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/**
 * Deletes what a process under test (a built service on its own key prefix) left on the Redis at
 * `url`: every key starting with `prefix`.
 */
export async function deleteRedisKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  try {
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    await redis.quit();
  }
}

export async function createRedisFixture(): Promise<RedisFixture> {
  const url = infraUrls().redisUrl;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const keyPrefix = `${uniqueName('redis')}:`;
  return {
    redis,
    url,
    keyPrefix,
    cleanup: async () => {
      await deleteKeysWithPrefix(redis, keyPrefix);
      await redis.quit();
    },
  };
}
