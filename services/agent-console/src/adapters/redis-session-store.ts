import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { classifyError } from '@vigil/errors';
import type { SessionStore } from '../app/ports.ts';
import type { TokenSeal } from './session-token-seal.ts';

export interface RedisSessionStoreOptions {
  redis: Redis;
  /** Prepended to every key, e.g. "vigil:console:" (tests use their own). */
  keyPrefix: string;
  seal: TokenSeal;
}

const stored = z.object({
  csrf: z.string().min(1),
  principal: z.string().min(1),
  role: z.enum(['agent', 'supervisor']),
  token: z.string().min(1),
  createdAtMs: z.number(),
  lastSeenMs: z.number(),
});

/**
 * Sessions in Redis, shared by every console replica: a restart or another replica keeps the
 * agent signed in. Keys are a hash of the session id (the cookie value never sits in Redis
 * as such), values hold the agent's token sealed with SESSION_SECRET, and each key expires
 * when its session does (PXAT), so Redis itself forgets ended sessions.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { redis, seal } = options;
  const keyOf = (id: string) =>
    `${options.keyPrefix}session:${createHash('sha256').update(id).digest('base64url')}`;
  const failed = (error: unknown) => {
    throw classifyError(error);
  };
  return {
    async put(record, expiresAtMs) {
      const value = JSON.stringify({
        csrf: record.csrfToken,
        principal: record.principal,
        role: record.role,
        token: seal.seal(record.token),
        createdAtMs: record.createdAtMs,
        lastSeenMs: record.lastSeenMs,
      } satisfies z.infer<typeof stored>);
      await redis.set(keyOf(record.id), value, 'PXAT', Math.ceil(expiresAtMs)).catch(failed);
    },
    async get(id) {
      const raw = await redis.get(keyOf(id)).catch(failed);
      if (raw === null) return undefined;
      // Written by another version, or not by this service: no session rather than a crash.
      const parsed = stored.safeParse(parseJson(raw));
      if (!parsed.success) return undefined;
      const token = seal.open(parsed.data.token);
      if (token === undefined) return undefined;
      const { csrf, principal, role, createdAtMs, lastSeenMs } = parsed.data;
      return { id, csrfToken: csrf, principal, role, token, createdAtMs, lastSeenMs };
    },
    async delete(id) {
      await redis.del(keyOf(id)).catch(failed);
    },
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
