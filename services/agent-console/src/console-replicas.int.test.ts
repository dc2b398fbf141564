import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePorts,
  REPO_ROOT,
  spawnService,
  waitUntilReady,
  type ChildService,
} from '@vigil/devstack';
import { createRedisFixture, type RedisFixture } from '@vigil/testing';
import { signInOverHttp } from './test-support/console-http.ts';
import { startConsoleStack, type ConsoleStack } from './test-support/console-stack.ts';

// Two built consoles in front of one real case-service, sharing sessions through Redis
// (SESSION_STORE=redis): what a load balancer without sticky sessions needs.

let stack: ConsoleStack;
let redis: RedisFixture;
let second: ChildService;
let secondUrl: string;

beforeAll(async () => {
  redis = await createRedisFixture();
  const sessionEnv = {
    SESSION_STORE: 'redis',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.keyPrefix,
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  stack = await startConsoleStack({ consoleEnv: sessionEnv });
  const [httpPort, opsPort] = await freePorts(2);
  const logDir = join(REPO_ROOT, '.local', 'agent-console-tests');
  mkdirSync(logDir, { recursive: true });
  second = spawnService({
    name: 'agent-console-2',
    script: join(REPO_ROOT, 'services/agent-console/dist/main.js'),
    nodeArgs: [],
    cwd: REPO_ROOT,
    logFile: join(logDir, `${redis.keyPrefix.replace(/:$/, '')}-console-2.log`),
    env: {
      ...(process.env as Record<string, string>),
      LOG_LEVEL: 'info',
      CASE_SERVICE_ADDR: stack.grpcAddress,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      OPS_PORT: String(opsPort),
      COOKIE_SECURE: 'false',
      ...sessionEnv,
    },
  });
  await waitUntilReady(second, `http://127.0.0.1:${opsPort}`, { timeoutMs: 60_000 });
  secondUrl = `http://127.0.0.1:${httpPort}`;
});

afterAll(async () => {
  await second?.stop(10_000);
  await stack?.stop();
  await redis?.cleanup();
});

describe('console replicas sharing sessions in Redis', () => {
  it('signed in on one, the agent works on the other; signing out on either ends both; no token in Redis', async () => {
    const ann = await signInOverHttp(stack.url, stack.tokens.ann);
    const onSecond = (path: string, init: RequestInit = {}) =>
      fetch(`${secondUrl}${path}`, { ...init, headers: { cookie: ann.cookie, ...init.headers } });

    const me = await onSecond('/api/session');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ principal: 'agent-ann', role: 'agent' });
    expect((await onSecond('/api/cases?pageSize=5')).status).toBe(200);

    const keys = await redis.redis.keys(`${redis.keyPrefix}*`);
    expect(keys).toHaveLength(1);
    const stored = `${keys.join()} ${(await redis.redis.get(keys[0]!)) ?? ''}`;
    expect(stored).not.toContain(stack.tokens.ann);
    expect(stored).not.toContain(ann.cookie.split('=')[1]);

    const out = await onSecond('/api/session', {
      method: 'DELETE',
      headers: { 'x-csrf-token': ann.session.csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await ann.get('/api/session')).status).toBe(401);
    expect(await redis.redis.keys(`${redis.keyPrefix}*`)).toEqual([]);
  });
});
