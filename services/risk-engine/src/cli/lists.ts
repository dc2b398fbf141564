import { brokerList } from '@vigil/config';
import { createRedisClient, isCluster } from '../adapters/redis-client.ts';
import { RedisClusterFeatureStore } from '../adapters/redis-cluster-feature-store.ts';
import { RedisFeatureStore } from '../adapters/redis-feature-store.ts';
import { REDIS_MODES, redisConnectionOf } from '../env.ts';
import { redisListEntries } from '../adapters/redis-list-entries.ts';
import { describeListsOutcome, runListsCommand } from './lists-command.ts';

// Admin path for deny/allow lists: REDIS_MODE, REDIS_URL (or REDIS_CLUSTER_NODES) and
// REDIS_KEY_PREFIX as the risk engine uses them.
const mode = process.env.REDIS_MODE === 'cluster' ? REDIS_MODES[1] : REDIS_MODES[0];
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = createRedisClient(
  redisConnectionOf({
    REDIS_MODE: mode,
    REDIS_URL: url,
    ...(process.env.REDIS_CLUSTER_NODES
      ? { REDIS_CLUSTER_NODES: brokerList.parse(process.env.REDIS_CLUSTER_NODES) }
      : {}),
  }),
);
// ioredis reports each failed connection attempt as an 'error' event (unhandled, it prints a
// stack per attempt); the last one since the client was last ready explains a command that failed.
let connectionError: Error | undefined;
redis.on('error', (error: Error) => {
  connectionError = error;
});
redis.on('ready', () => {
  connectionError = undefined;
});
const keyPrefix = process.env.REDIS_KEY_PREFIX ?? 'vigil:risk:';
const store = isCluster(redis)
  ? new RedisClusterFeatureStore({ redis, keyPrefix })
  : new RedisFeatureStore({ redis, keyPrefix });
try {
  const outcome = await runListsCommand(
    process.argv.slice(2),
    store,
    redisListEntries(redis, keyPrefix),
  );
  console.log(describeListsOutcome(outcome, Date.now()));
  // `show` of an entry not in force exits 1, so a script can test for one.
  if (outcome.command.op === 'show' && !outcome.listed) process.exitCode = 1;
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const where =
    mode === 'cluster'
      ? `the cluster nodes ${process.env.REDIS_CLUSTER_NODES ?? '(REDIS_CLUSTER_NODES unset)'}`
      : `${withoutCredentials(url)} (REDIS_URL)`;
  console.error(
    connectionError === undefined
      ? message
      : `no Redis answers at ${where}: ${connectionError.message} (${message})`,
  );
  process.exitCode = 2;
} finally {
  redis.disconnect();
}

/** The URL without its password, fit for an error message. */
function withoutCredentials(text: string): string {
  try {
    const parsed = new URL(text);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(REDIS_URL is not a URL)';
  }
}
