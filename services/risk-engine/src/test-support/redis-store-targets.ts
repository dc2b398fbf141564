// The two Redis deployments the feature store runs on, for tests that hold both to the same
// results: the shared single node, and a Redis Cluster of the test file's own.
import { Registry } from 'prom-client';
import type { EventMemory, FeatureStore } from '@vigil/rules';
import {
  createRedisClusterFixture,
  createRedisFixture,
  waitFor,
  type RedisClusterFixture,
} from '@vigil/testing';
import { createRedisClient, isCluster, type RedisClient } from '../adapters/redis-client.ts';
import { RedisClusterFeatureStore } from '../adapters/redis-cluster-feature-store.ts';
import { RedisEventMemory } from '../adapters/redis-event-memory.ts';
import {
  createFeatureStoreMetrics,
  type FeatureStoreMetrics,
} from '../adapters/redis-feature-store-metrics.ts';
import { RedisFeatureStore } from '../adapters/redis-feature-store.ts';

export interface OpenedStores {
  client: RedisClient;
  keyPrefix: string;
  store: FeatureStore;
  memory: EventMemory;
  metrics: FeatureStoreMetrics;
  /** The cluster fixture (failover, nodes), on the cluster target. */
  cluster?: RedisClusterFixture;
  close(): Promise<void>;
}

export interface StoreTarget {
  name: 'single node' | 'Redis Cluster';
  open(options?: { horizonMs?: number }): Promise<OpenedStores>;
}

const DEFAULT_HORIZON_MS = 3_600_000;

/** The engine's stores on a client, under a key prefix (a second, empty state on the same Redis). */
export function storesOn(
  redis: RedisClient,
  keyPrefix: string,
  horizonMs = DEFAULT_HORIZON_MS,
): Pick<OpenedStores, 'store' | 'memory' | 'metrics'> {
  const metrics = createFeatureStoreMetrics(new Registry());
  const options = { keyPrefix, metrics, latenessHorizonMs: horizonMs };
  return {
    store: isCluster(redis)
      ? new RedisClusterFeatureStore({ redis, ...options })
      : new RedisFeatureStore({ redis, ...options }),
    memory: new RedisEventMemory({ redis, keyPrefix, horizonMs }),
    metrics,
  };
}

export const SINGLE_NODE: StoreTarget = {
  name: 'single node',
  async open({ horizonMs = DEFAULT_HORIZON_MS } = {}) {
    const fixture = await createRedisFixture();
    const { redis, keyPrefix } = fixture;
    return {
      client: redis,
      keyPrefix,
      ...storesOn(redis, keyPrefix, horizonMs),
      close: () => fixture.cleanup(),
    };
  },
};

export const REDIS_CLUSTER: StoreTarget = {
  name: 'Redis Cluster',
  async open({ horizonMs = DEFAULT_HORIZON_MS } = {}) {
    const cluster = await createRedisClusterFixture();
    const { keyPrefix } = cluster;
    // The engine's own client (its retry and redirection settings), not the fixture's admin one.
    const client = createRedisClient({ mode: 'cluster', nodes: cluster.startupNodes });
    // Ready = its slot map loaded: before that the store cannot group calls by primary (one
    // pipeline per slot), which tests counting round trips would see as a regression.
    await waitFor(() => (client.status === 'ready' ? true : undefined), {
      timeoutMs: 30_000,
      what: "the engine's Redis Cluster client to be ready",
    }).catch(async (error: unknown) => {
      client.disconnect();
      await cluster.cleanup();
      throw error;
    });
    return {
      client,
      keyPrefix,
      ...storesOn(client, keyPrefix, horizonMs),
      cluster,
      close: async () => {
        client.disconnect();
        await cluster.cleanup();
      },
    };
  },
};

export const STORE_TARGETS = [SINGLE_NODE, REDIS_CLUSTER] as const;

/** Round trips the store made so far (pipelines sent, every op). */
export async function roundTrips(metrics: FeatureStoreMetrics): Promise<number> {
  return (await metrics.roundTrips.get()).values.reduce((sum, v) => sum + v.value, 0);
}
