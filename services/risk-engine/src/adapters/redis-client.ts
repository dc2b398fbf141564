import { Cluster, Redis } from 'ioredis';

/** What the engine's Redis adapters run on: one node (the default) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** How to reach Redis: a single node by URL, or a cluster through some of its nodes. */
export type RedisConnection =
  { mode: 'single'; url: string } | { mode: 'cluster'; nodes: readonly string[] };

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/**
 * The client for a connection. A cluster client follows MOVED and ASK redirections, refreshes
 * its slot map, and reconnects to a replica promoted after a primary failed; a command that
 * still fails surfaces as an error, and the batch that sent it is retried (every call is
 * idempotent per event).
 */
export function createRedisClient(connection: RedisConnection): RedisClient {
  if (connection.mode === 'single') return new Redis(connection.url, { maxRetriesPerRequest: 2 });
  return new Cluster(
    connection.nodes.map((node) => {
      const at = node.lastIndexOf(':');
      return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
    }),
    {
      redisOptions: { maxRetriesPerRequest: 2 },
      // A failover takes the cluster's node timeout and an election: keep retrying while it
      // completes rather than failing every call of the batch at once.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      retryDelayOnTryAgain: 200,
    },
  );
}
