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
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
