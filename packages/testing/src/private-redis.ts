import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisFixture } from './redis-fixture.ts';
import { waitFor } from './wait-for.ts';

/**
 * A redis-server of the test's own, on a Unix socket in a temporary directory: for tests that do
 * what is global to a server (SCRIPT FLUSH, CONFIG SET), which on the shared Redis would break
 * other test files running at the same time. Needs the `redis-server` binary (the machine's
 * Redis); nothing is persisted. `env`: the server's environment (its locale, for one).
 */
export async function createPrivateRedisFixture(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<RedisFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-redis-'));
  const socket = join(dir, 'redis.sock');
  const server = spawn(
    'redis-server',
    ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore', ...(options.env ? { env: options.env } : {}) },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let spawnFailure: Error | undefined;
  server.once('error', (error) => {
    spawnFailure = error;
  });
  const redis = new Redis(socket, { lazyConnect: true, maxRetriesPerRequest: 3 });
  try {
    // The server creates its socket once it accepts connections; a failed spawn (no
    // redis-server binary) is the timeout's cause.
    await waitFor(
      () => {
        if (spawnFailure) throw spawnFailure;
        return existsSync(socket) ? true : undefined;
      },
      { timeoutMs: 10_000, what: 'a private redis-server' },
    );
    await redis.connect();
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    redis,
    url: socket,
    keyPrefix: 'private:',
    cleanup: async () => {
      redis.disconnect();
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
