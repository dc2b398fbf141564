import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildService {
  name: string;
  pid: number;
  logFile: string;
  /** Settles when the process has exited, however that happened. */
  exited: Promise<ExitResult>;
  isRunning(): boolean;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  stop(timeoutMs: number): Promise<ExitResult>;
  /** SIGKILL now (a crash); resolves once the process is gone. */
  kill(): Promise<ExitResult>;
}

const TAIL_LINES = 200;

/**
 * Runs one built service entry point as its own Node process (`node [nodeArgs] script`: no
 * wrapper, so SIGTERM reaches the service itself and its exit code is the service's), writing
 * stdout and stderr to `logFile`.
 */
export function spawnService(options: {
  name: string;
  script: string;
  nodeArgs: readonly string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
}): ChildService {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, [...options.nodeArgs, options.script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C in the terminal reaches the parent only, which then stops the
    // services in order (intake before case-service) instead of all of them at once.
    detached: true,
  });
  // If the parent exits without stop() (a crash, a killed test worker), do not leave services behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    recent.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (recent.length > TAIL_LINES) recent.splice(0, recent.length - TAIL_LINES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let running = child.pid !== undefined;
  const exited = new Promise<ExitResult>((resolve) => {
    child.once('error', (error) => {
      keep(Buffer.from(`spawn failed: ${error.message}\n`));
      running = false;
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => {
      running = false;
      process.off('exit', killOnExit);
      log.end();
      resolve({ code, signal });
    });
  });
  return {
    name: options.name,
    pid: child.pid ?? -1,
    logFile: options.logFile,
    exited,
    isRunning: () => running,
    tail: (lines = 30) => recent.slice(-lines).join('\n'),
    kill() {
      if (running) child.kill('SIGKILL');
      return exited;
    },
    async stop(timeoutMs) {
      if (!running) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
