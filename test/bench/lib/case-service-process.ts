import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, tcpReachable } from '@vigil/testing';
import { REPO_ROOT } from './machine.ts';
import { procStat } from './proc-cpu.ts';

export interface CaseServiceProcess {
  pid: number;
  grpcAddress: string;
  /** user+system CPU seconds the process has used so far (from /proc). */
  cpuSeconds(): number;
  /** Current RSS of the process in bytes (from /proc). */
  rssBytes(): number;
  /** SIGTERM, then wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs services/case-service/src/main.ts in its own Node process (as `tsx src/main.ts` does),
 * so gRPC, auth, pino and the pool are measured as deployed, not in-process. Ready once its gRPC
 * port accepts connections (main.ts listens last, after migrations); the last log lines are
 * kept for failures, and a process that never gets ready is killed.
 */
export async function spawnCaseService(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CaseServiceProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    // BENCH_CASE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": profile the service itself.
    [
      ...(process.env.BENCH_CASE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      'src/main.ts',
    ],
    {
      cwd: join(REPO_ROOT, 'services/case-service'),
      env: {
        ...process.env,
        ...env,
        GRPC_HOST: '127.0.0.1',
        GRPC_PORT: String(port),
        OPS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  // Every line is read, always: an unread pipe would block the service's logger.
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
    });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve((exitCode = code))),
  );
  const deadline = Date.now() + timeoutMs;
  while (!(await tcpReachable('127.0.0.1', port, 500))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`case-service did not start (exit ${exitCode}):\n${tail.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid!;
  return {
    pid,
    grpcAddress: `127.0.0.1:${port}`,
    cpuSeconds: () => procStat(pid).cpuSeconds,
    rssBytes: () => procStat(pid).rssBytes,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
