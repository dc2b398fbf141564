// A real-Redis feature store for one integration test file.
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll } from 'vitest';
import { createRedisFixture, type RedisFixture } from '@vigil/testing';
import { createFeatureStoreMetrics } from './redis-feature-store-metrics.ts';
import { RedisFeatureStore, type RedisFeatureStoreOptions } from './redis-feature-store.ts';

export interface FeatureStoreFixture {
  redis: Redis;
  /** The fixture's unique key prefix, which the store prepends to every key. */
  keyPrefix: string;
  store: RedisFeatureStore;
}

/**
 * Registers beforeAll/afterAll hooks: a Redis fixture with its own key prefix and a store on it
 * (read `current()` inside tests), removed with its keys after the file.
 */
export function useFeatureStoreOnRedis(
  options: Omit<RedisFeatureStoreOptions, 'redis' | 'keyPrefix' | 'metrics'> = {},
): { current(): FeatureStoreFixture } {
  let redis: RedisFixture | undefined;
  let fixture: FeatureStoreFixture | undefined;
  beforeAll(async () => {
    redis = await createRedisFixture();
    const store = new RedisFeatureStore({
      ...options,
      redis: redis.redis,
      keyPrefix: redis.keyPrefix,
      metrics: createFeatureStoreMetrics(new Registry()),
    });
    fixture = { redis: redis.redis, keyPrefix: redis.keyPrefix, store };
  });
  afterAll(async () => {
    await redis?.cleanup();
  });
  return {
    current() {
      if (!fixture) throw new Error('the feature store fixture is only ready inside tests');
      return fixture;
    },
  };
}
