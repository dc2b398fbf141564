// Composition root: settings, the case-service connector, the console app, ops server, shutdown.
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runService } from '@vigil/lifecycle';
import { startOpsServer } from '@vigil/observability';
import { createCasesClient } from '@vigil/protos';
import { grpcCaseConnector } from './adapters/grpc-case-connection.ts';
import { createRedisSessionStore } from './adapters/redis-session-store.ts';
import { createTokenSeal } from './adapters/session-token-seal.ts';
import { httpNoticeReader } from './adapters/http-notifier-notices.ts';
import { createConsoleApp } from './agent-console-app.ts';
import { parseEnv } from './env.ts';

runService('agent-console', parseEnv, async ({ env, logger, registry, shutdown }) => {
  // Readiness asks whether case-service is reachable; a channel without a token only connects.
  const probe = createCasesClient({ address: env.CASE_SERVICE_ADDR });
  // SESSION_STORE=redis: sessions shared by the replicas (env.ts requires the URL and secret).
  const redis =
    env.SESSION_STORE === 'redis' ? new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 2 }) : null;
  redis?.on('error', (error) => logger.warn({ err: error }, 'session store connection error'));
  const ops = await startOpsServer({
    port: env.OPS_PORT,
    registry,
    readinessGraceMs: env.READINESS_GRACE_MS,
    readiness: [
      { name: 'case_service', check: () => probe.ready() },
      ...(redis
        ? [{ name: 'session_store', check: () => redis.ping().then((pong) => pong === 'PONG') }]
        : []),
    ],
  });
  const notices =
    env.NOTIFIER_URL === undefined || env.NOTIFIER_READ_TOKEN === undefined
      ? undefined
      : httpNoticeReader({
          baseUrl: env.NOTIFIER_URL,
          token: env.NOTIFIER_READ_TOKEN,
          deadlineMs: env.NOTIFIER_DEADLINE_MS,
        });
  if (!notices)
    logger.warn('NOTIFIER_URL unset: case pages say the customer notices are unavailable');
  const app = await createConsoleApp({
    connect: grpcCaseConnector({
      address: env.CASE_SERVICE_ADDR,
      deadlineMs: env.CASE_SERVICE_DEADLINE_MS,
    }),
    notices,
    logger,
    registry,
    policy: {
      idleMs: env.SESSION_IDLE_MINUTES * 60_000,
      maxAgeMs: env.SESSION_MAX_HOURS * 3_600_000,
      signInAttempts: env.SIGN_IN_FAILURES_PER_MINUTE,
      signInWindowMs: 60_000,
    },
    slaSeconds: Math.round(env.CASE_SLA_MINUTES * 60),
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY,
    // The built web app; resolved from src/ (tsx, and the bundle, which keeps source URLs).
    webDir: env.WEB_DIR ?? fileURLToPath(new URL('../dist/web', import.meta.url)),
    ...(redis && {
      sessionStore: createRedisSessionStore({
        redis,
        keyPrefix: env.REDIS_KEY_PREFIX,
        seal: createTokenSeal(env.SESSION_SECRET!),
      }),
    }),
  });
  app.startSweeper();
  const address = await app.app.listen({ host: env.HTTP_HOST, port: env.HTTP_PORT });
  const httpPort = app.app.server.address();
  logger.info(
    {
      url: address,
      httpPort: typeof httpPort === 'object' ? httpPort?.port : httpPort,
      opsPort: ops.port,
    },
    'agent-console ready',
  );

  shutdown.register('http', () => app.stop());
  shutdown.register('case-service', () => Promise.resolve(probe.close()));
  if (redis) shutdown.register('session store', async () => void (await redis.quit()));
  shutdown.register('ops-server', () => ops.close());
});
