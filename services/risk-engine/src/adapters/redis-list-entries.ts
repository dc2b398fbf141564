import { classifyError } from '@vigil/errors';
import type { ListEntries } from '../cli/lists-command.ts';
import type { RedisClient } from './redis-client.ts';

/**
 * List entries as the feature store keeps them (one key per entry, under the engine's prefix):
 * PTTL tells both whether one is in force and for how long (-2 absent, -1 no expiry).
 */
export function redisListEntries(redis: RedisClient, keyPrefix: string): ListEntries {
  return {
    async entry(key) {
      const remainingMs = await redis.pttl(keyPrefix + key).catch((error: unknown) => {
        throw classifyError(error);
      });
      if (remainingMs === -2) return undefined;
      return remainingMs === -1 ? {} : { remainingMs };
    },
  };
}
