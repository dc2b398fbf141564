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
 * fails surfaces as an error, and the batch that sent it is retried whole (every call is
 * idempotent per event) once all its calls have settled.
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
      // No re-sending of its own on a closed connection or CLUSTERDOWN (a failover): the batch
      // is retried whole, in order, after every call of the failed attempt settled. A pipeline
      // ioredis re-sent on its own schedule could land after calls made later for the same
      // state (later events first), and each of its re-sends could exhaust its redirections
      // while the next pipeline of the batch got through. TRYAGAIN (a slot moving, keys split
      // between nodes) is always re-sent by ioredis; this is its delay.
      retryDelayOnFailover: 0,
      retryDelayOnClusterDown: 0,
      retryDelayOnTryAgain: 200,
    },
  );
}
