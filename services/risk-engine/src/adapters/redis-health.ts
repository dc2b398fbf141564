import type { CheckResult } from '@vigil/observability';
import { isCluster, type RedisClient } from './redis-client.ts';

/**
 * Redis as the feature store needs it. One node: PING answers. A cluster: a node answers and
 * says cluster_state:ok, i.e. every slot has a reachable primary (a killed primary is "fail"
 * until its replica is promoted, and the events of its slots cannot be scored meanwhile).
 */
export async function redisHealth(redis: RedisClient): Promise<CheckResult> {
  try {
    if (!isCluster(redis)) {
      await redis.ping();
      return { ok: true };
    }
    const info = await redis.cluster('INFO');
    const state = /cluster_state:(\w+)/.exec(String(info))?.[1] ?? 'unknown';
    return state === 'ok' ? { ok: true } : { ok: false, reason: `cluster_state:${state}` };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
