import { Redis } from 'ioredis';
import { RedisFeatureStore } from '../adapters/redis-feature-store.ts';
import { runListsCommand } from './lists-command.ts';

// Admin path for deny/allow lists: REDIS_URL and REDIS_KEY_PREFIX as the risk engine uses them.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: 2,
});
const store = new RedisFeatureStore({
  redis,
  keyPrefix: process.env.REDIS_KEY_PREFIX ?? 'vigil:risk:',
});
try {
  const mutation = await runListsCommand(process.argv.slice(2), store);
  console.log(
    `${mutation.op} ${mutation.list} ${mutation.entity} ${mutation.value} (${mutation.scope}${mutation.ttlMs ? `, ttl ${mutation.ttlMs} ms` : ''})`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
} finally {
  redis.disconnect();
}
