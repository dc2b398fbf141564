import { z } from 'zod';
import { commonEnvShape, envBoolean, parseEnv as parseWith, port } from '@vigil/config';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

export const agentConsoleEnv = z
  .object({
    ...commonEnvShape,
    /** Interface the console's HTTP server (web app and JSON API) binds to. */
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    /** Port of the console's HTTP server; 0 picks a free one. */
    HTTP_PORT: port.default(8080),
    /** case-service gRPC address (host:port); every call carries the signed-in agent's own token. */
    CASE_SERVICE_ADDR: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'),
    /** Deadline (ms) of each case-service call; past it the agent sees "unavailable, retry". */
    CASE_SERVICE_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /**
     * Minutes an unresolved case may wait before it counts as SLA-breached (the queue's "SLA
     * breached" filter and the case page's clock).
     */
    CASE_SLA_MINUTES: z.coerce.number().positive().max(43_200).default(60),
    /** A session unused for this many minutes is over (the agent signs in again). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1_440).default(30),
    /** A session is over this many hours after sign-in, however busy (one shift). */
    SESSION_MAX_HOURS: z.coerce.number().min(0.1).max(24).default(10),
    /** Failed sign-ins one client address may make per minute before it is refused (429) until the minute has passed. */
    SIGN_IN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000).default(10),
    /**
     * Mark the session cookie Secure (sent over HTTPS only). Keep it on behind TLS; turn it off
     * only for plain-HTTP local runs.
     */
    COOKIE_SECURE: envBoolean.default(true),
    /** Take the client address from X-Forwarded-For (only behind a reverse proxy that sets it). */
    TRUST_PROXY: envBoolean.default(false),
    /** Folder of the built web app; default: the service's dist/web (built by `pnpm build`). */
    WEB_DIR: z.string().min(1).optional(),
    /**
     * Where sessions live. `memory`: this process (a restart signs everyone out; route each browser
     * to one replica). `redis`: shared by every replica and kept across restarts, the agent's token
     * sealed with SESSION_SECRET. Failed sign-ins are limited per replica either way.
     */
    SESSION_STORE: z.enum(['memory', 'redis']).default('memory'),
    /** Redis for SESSION_STORE=redis, e.g. redis://redis:6379/0. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'expected redis:// or rediss://')
      .optional(),
    /** Prefix of the console's Redis keys. */
    REDIS_KEY_PREFIX: z.string().min(1).default('vigil:console:'),
    /**
     * Secret (at least 32 bytes, the same on every replica) that seals agents' tokens in the shared
     * session store; changing it signs everyone out.
     */
    SESSION_SECRET: z.string().min(32).optional(),
    /**
     * Base URL of the notifier's HTTP server (e.g. http://notifier:8080): the case page lists the
     * notices sent to the customer from its internal read API. Unset: the page says notices are
     * unavailable.
     */
    NOTIFIER_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Bearer token of the notifier's read API (the notifier's NOTIFIER_READ_TOKEN). */
    NOTIFIER_READ_TOKEN: optionalText,
    /** Deadline (ms) of each notifier read; past it the case page says notices are unavailable. */
    NOTIFIER_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  })
  .refine((env) => env.SESSION_STORE !== 'redis' || env.REDIS_URL !== undefined, {
    message: 'REDIS_URL is required when SESSION_STORE=redis',
    path: ['REDIS_URL'],
  })
  .refine((env) => env.SESSION_STORE !== 'redis' || env.SESSION_SECRET !== undefined, {
    message: 'SESSION_SECRET is required when SESSION_STORE=redis',
    path: ['SESSION_SECRET'],
  })
  .refine((env) => env.NOTIFIER_URL === undefined || env.NOTIFIER_READ_TOKEN !== undefined, {
    message: 'NOTIFIER_READ_TOKEN is required when NOTIFIER_URL is set',
    path: ['NOTIFIER_READ_TOKEN'],
  });

export type AgentConsoleEnv = z.infer<typeof agentConsoleEnv>;

export function parseEnv(source: Record<string, string | undefined>): AgentConsoleEnv {
  return parseWith(agentConsoleEnv, source);
}
