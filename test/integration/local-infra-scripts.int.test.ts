import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from '@vigil/testing';

// deploy/local/kafka.sh and infra-scope.sh (what `npm test` and `npm run demo` source), run as
// shell scripts on their own ports and state dir: never the shared broker on 9092.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function run(
  script: string,
  env: Record<string, string>,
  onStart?: (pid: number) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a test can signal it the way a terminal's Ctrl-C does.
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      // Not the started-file of an outer `npm test`: a broker this test starts is its own.
      env: { ...process.env, VIGIL_STARTED_FILE: '', ...env },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    if (child.pid !== undefined) onStart?.(child.pid);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function brokerPid(stateDir: string): number | undefined {
  const file = join(stateDir, 'broker.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local infrastructure scripts', () => {
  let stateDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'vigil-kafka-sh-'));
    // Below the ephemeral range: a port listen(0) handed out could be taken by an outgoing
    // connection's local port before the broker bound it (CI failed so, 2026-12-06).
    const [port, controllerPort] = (await freePorts(2)) as [number, number];
    env = {
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_STATE_DIR: stateDir,
      KAFKA_BROKERS: `127.0.0.1:${port}`,
    };
  });
  afterEach(async () => {
    await run('bash deploy/local/kafka.sh stop', env);
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('kafka.sh start refuses a port something else holds, naming it and the override', async () => {
    const squatter = createServer((socket) => socket.destroy());
    const port = await listen(squatter);
    try {
      const result = await run('bash deploy/local/kafka.sh start', {
        ...env,
        KAFKA_PORT: String(port),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} is held by`);
      expect(result.stderr).toContain('KAFKA_PORT=');
      expect(brokerPid(stateDir)).toBeUndefined();
      expect(squatter.listening).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('stops the broker it started when the run fails, keeping the exit status', async () => {
    const script = `source deploy/local/env.sh; source deploy/local/infra-scope.sh
      cat "$KAFKA_STATE_DIR/broker.pid" >"$KAFKA_STATE_DIR/seen.pid"; exit 3`;
    const result = await run(script, env);
    expect(result.code, result.stderr).toBe(3);
    const started = Number(readFileSync(join(stateDir, 'seen.pid'), 'utf8'));
    expect(alive(started)).toBe(false);
    expect(brokerPid(stateDir)).toBeUndefined();
  });

  it('stops the broker it started on Ctrl-C', async () => {
    const script = `source deploy/local/env.sh; source deploy/local/infra-scope.sh
      echo ready >"$KAFKA_STATE_DIR/ready"; sleep 60`;
    const readyFile = join(stateDir, 'ready');
    rmSync(readyFile, { force: true });
    const result = await run(script, env, (pid) => {
      const poll = setInterval(() => {
        if (!existsSync(readyFile)) return;
        clearInterval(poll);
        process.kill(-pid, 'SIGINT'); // the whole group, as a terminal does
      }, 100);
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('stopping kafka');
    expect(brokerPid(stateDir)).toBeUndefined();
  });

  it('leaves a broker that was already running', async () => {
    const started = await run('bash deploy/local/kafka.sh start', env);
    expect(started.code, started.stderr).toBe(0);
    const pid = brokerPid(stateDir);
    const result = await run(
      'source deploy/local/env.sh; source deploy/local/infra-scope.sh; exit 0',
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('kafka already running');
    expect(brokerPid(stateDir)).toBe(pid);
    expect(alive(pid)).toBe(true);
  });
});
