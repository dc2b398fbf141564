import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchSubjectInput } from './bench-subject.ts';
import { REPO_ROOT } from './machine.ts';
import { procStat } from './proc-cpu.ts';
import { parsePromText, type PromSample } from './prom-text.ts';

export interface SubjectProcess {
  pid: number;
  /** user+system CPU seconds the process has used so far. */
  cpuSeconds(): number;
  rssBytes(): number;
  /** The subject's own metrics (its /metrics endpoint). */
  metrics(): Promise<PromSample[]>;
  /** SIGTERM (drain), then wait for the exit; rejects if it does not exit cleanly. */
  stop(): Promise<void>;
}

/**
 * Runs a benchmark subject (risk engine or pass-through) in a Node process of its own, like a
 * deployed replica: the benchmark's load generator and output readers never share its thread.
 * BENCH_SUBJECT_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the subject;
 * BENCH_SUBJECT_LOG_DIR keeps every line it prints (e.g. with "--trace-gc"), one file per process.
 */
export async function spawnSubject(
  subject: BenchSubjectInput,
  options: { timeoutMs?: number; root?: string; nodeArgs?: readonly string[] } = {},
): Promise<SubjectProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Another checkout's subject (the baseline engine of --compare-ref) runs its own code.
  const root = options.root ?? REPO_ROOT;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // As services/risk-engine's start script runs it: a larger young generation, since the
      // engine allocates per event and scavenges were a fifth of its main-thread time.
      ...(subject.kind === 'engine' ? ['--max-semi-space-size=64'] : []),
      ...(process.env.BENCH_SUBJECT_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      join(root, 'test/bench/lib/subject-main.ts'),
    ],
    {
      cwd: join(root, 'test'),
      env: { ...process.env, BENCH_SUBJECT: JSON.stringify(subject) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  const log = subjectLog(child, subject.kind, root);
  let opsPort: number | undefined;
  let onReady: (() => void) | undefined;
  // Every line is read, always: an unread pipe would block the subject's logger.
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      if (opsPort === undefined && line.startsWith('{"ready":true')) {
        opsPort = (JSON.parse(line) as { opsPort: number }).opsPort;
        onReady?.();
        return;
      }
      log?.write(`${line}\n`);
      tail.push(line);
      if (tail.length > 30) tail.shift();
    });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve((exitCode = code))),
  );
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${subject.kind} subject ${why}:\n${tail.join('\n')}`));
    };
    const timer = setTimeout(() => fail('did not start in time'), timeoutMs);
    onReady = () => (clearTimeout(timer), resolve());
    void exited.then((code) => {
      if (opsPort !== undefined) return;
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
  });
  const pid = child.pid!;
  return {
    pid,
    cpuSeconds: () => procStat(pid).cpuSeconds,
    rssBytes: () => procStat(pid).rssBytes,
    metrics: async () => {
      const response = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
      return parsePromText(await response.text());
    },
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      const code = await exited;
      log?.end();
      if (code !== 0)
        throw new Error(`${subject.kind} subject exited with ${code}:\n${tail.join('\n')}`);
    },
  };
}

function subjectLog(child: ChildProcess, kind: string, root: string): WriteStream | undefined {
  const dir = process.env.BENCH_SUBJECT_LOG_DIR;
  if (!dir) return undefined;
  return createWriteStream(join(dir, `${kind}-${basename(root)}-${child.pid}.log`));
}
