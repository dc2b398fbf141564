import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A service process started from its built entry point, with its JSON log lines kept. */
export interface BuiltServiceProcess {
  pid: number;
  /** pino lines the process wrote to stdout, parsed. */
  lines: Record<string, unknown>[];
  exited: Promise<ExitResult>;
  /** The last output (stdout and stderr), for failure messages. */
  tail(): string;
  /** Waits until GET /readyz answers 200; fails early, with the log, if the process exits. */
  ready(opsUrl: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM to this PID only (not its group): what the kubelet sends PID 1. */
  terminate(timeoutMs?: number): Promise<ExitResult>;
  /** The executable's name as the kernel sees it (/proc/<pid>/comm), e.g. "node". */
  command(): string;
}

export function startBuiltService(options: {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}): BuiltServiceProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const output: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // Not a log line (a stray print): kept in the tail only.
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  let running = true;
  const exited = new Promise<ExitResult>((resolve) => {
    child.once('error', () => {
      running = false;
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  // A failed assertion must not leave a service behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const tail = () => output.join('').split('\n').slice(-40).join('\n');
  return {
    pid: child.pid ?? -1,
    lines,
    exited,
    tail,
    command: () => readFileSync(`/proc/${String(child.pid)}/comm`, 'utf8').trim(),
    async ready(opsUrl, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!running) throw new Error(`exited before it was ready:\n${tail()}`);
        const ok = await fetch(`${opsUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })
          .then(async (response) => (await response.arrayBuffer(), response.ok))
          .catch(() => false);
        if (ok) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`not ready after ${String(timeoutMs)} ms:\n${tail()}`);
    },
    async terminate(timeoutMs = 30_000) {
      if (!running) return exited;
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
