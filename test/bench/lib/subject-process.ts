import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import type { BenchSubjectInput } from './bench-subject.ts';
import { REPO_ROOT } from './machine.ts';
import { procStat } from './proc-cpu.ts';
import { parsePromText, type PromSample } from './prom-text.ts';
import { spawnTsxChild } from './tsx-child.ts';

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
  let opsPort: number | undefined;
  let onReady: (() => void) | undefined;
  const logDir = process.env.BENCH_SUBJECT_LOG_DIR;
  let log: WriteStream | undefined;
  const { child, tail } = spawnTsxChild({
    root,
    script: 'test/bench/lib/subject-main.ts',
    nodeArgs: [
      // As services/risk-engine's start script runs it: a larger young generation, since the
      // engine allocates per event and scavenges were a fifth of its main-thread time.
      ...(subject.kind === 'engine' ? ['--max-semi-space-size=64'] : []),
      ...(process.env.BENCH_SUBJECT_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(options.nodeArgs ?? []),
    ],
    env: { BENCH_SUBJECT: JSON.stringify(subject) },
    onLine: (line) => {
      if (opsPort === undefined && line.startsWith('{"ready":true')) {
        opsPort = (JSON.parse(line) as { opsPort: number }).opsPort;
        onReady?.();
        return true;
      }
      if (logDir)
        (log ??= createWriteStream(
          join(logDir, `${subject.kind}-${basename(root)}-${child.pid}.log`),
        )).write(`${line}\n`);
      return false;
    },
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
