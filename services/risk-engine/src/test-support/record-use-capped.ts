// The event memory's record script as the adapter sends it, with an entity cap of the test's
// choosing instead of 512: for tests of what an entity forgets past its cap.
import type { Redis } from 'ioredis';
import { MAX_OTHERS_LATER, USES_PER_ACCOUNT } from '@vigil/rules';
import { MEMORY_COMMANDS } from '../adapters/redis-event-memory.ts';
import { luaSource } from '../adapters/redis-lua.ts';

const HOUR = 3_600_000;
const RECORD_SCRIPT = luaSource(MEMORY_COMMANDS.vigilMemoryRecord);

/** Records one login_failure use of `ip` by `accountId` at `at`, under `prefix`. */
export function recordUseCapped(
  redis: Redis,
  options: { prefix: string; ip: string; cap: number },
  use: { accountId: string; eventId: string; at: number; context?: string },
) {
  const { prefix, ip, cap } = options;
  return redis.eval(
    RECORD_SCRIPT,
    3,
    `${prefix}v1:mem:{${use.accountId}}`,
    `${prefix}v1:out:{${use.accountId}}`,
    usesKey(prefix, ip),
    use.at,
    use.eventId,
    '{}',
    HOUR,
    64,
    256,
    24 * HOUR,
    cap,
    USES_PER_ACCOUNT,
    use.at,
    use.context ?? '',
    MAX_OTHERS_LATER,
    '0',
    `login_failure\u001f${use.accountId}`,
  );
}

/** The uses hash of an IP under `prefix`. */
export function usesKey(prefix: string, ip: string): string {
  return `${prefix}v1:use:{${encodeURIComponent(ip)}}:ip`;
}
