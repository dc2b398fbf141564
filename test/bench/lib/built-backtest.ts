import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArchive } from '@vigil/risk-engine/src/adapters/jsonl-backtest-archive.ts';
import type { Label } from '@vigil/risk-engine/src/backtest/backtest-report.ts';
import type { RecordedEvent } from '@vigil/risk-engine/src/backtest/recorded-event.ts';
import { endedChildrenCpuSeconds } from './proc-cpu.ts';
import { REPO_ROOT } from './machine.ts';

const CLI = join(REPO_ROOT, 'services/risk-engine/dist/cli/backtest.js');

export interface BuiltRun {
  eventsPerSecond: number;
  cpuSeconds: number;
  report: string;
}

export interface BuiltBacktest {
  run(): BuiltRun;
  close(): void;
}

/**
 * What ships: `node services/risk-engine/dist/cli/backtest.js --input <archive>`, one process a
 * run, the history read from a JSON-lines archive. The rate is the one the CLI prints (workers'
 * start to both answers, as runBacktest measures it); the CPU is the whole process's, reading
 * and parsing the archive included.
 */
export async function builtBacktest(options: {
  history: readonly RecordedEvent[];
  labels: ReadonlyMap<string, Label>;
  baselineYaml: string;
  candidateYaml: string;
  measureFrom: number;
}): Promise<BuiltBacktest> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first`);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-backtest-'));
  const archive = join(dir, 'history.jsonl');
  await writeArchive(archive, options.history);
  const labels = join(dir, 'labels.jsonl');
  writeFileSync(
    labels,
    [...options.labels].map(([eventId, label]) => JSON.stringify({ eventId, label })).join('\n'),
  );
  writeFileSync(join(dir, 'baseline.yaml'), options.baselineYaml);
  writeFileSync(join(dir, 'candidate.yaml'), options.candidateYaml);
  const args = [
    CLI,
    '--rules',
    join(dir, 'candidate.yaml'),
    '--baseline',
    join(dir, 'baseline.yaml'),
    '--input',
    archive,
    '--labels',
    labels,
    '--from',
    new Date(options.measureFrom).toISOString(),
    '--minutes-per-case',
    '10',
    '--list',
    '10',
  ];
  return {
    run() {
      const cpuBefore = endedChildrenCpuSeconds();
      const child = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (child.status !== 0) throw new Error(`backtest CLI failed: ${child.stderr}`);
      const rate = /at (\d+) events\/s/.exec(child.stderr)?.[1];
      if (rate === undefined) throw new Error(`no rate in the CLI's output: ${child.stderr}`);
      return {
        eventsPerSecond: Number(rate),
        cpuSeconds: endedChildrenCpuSeconds() - cpuBefore,
        report: child.stdout,
      };
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
