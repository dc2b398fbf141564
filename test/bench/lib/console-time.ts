import type { ConsoleStack } from '@vigil/agent-console/src/test-support/console-stack.ts';
import { cpuSecondsBetween, cpuSecondsByPid, procStat } from './proc-cpu.ts';
import { parsePromText, sumOf, type PromSample } from './prom-text.ts';
import { fmt } from './stats.ts';

/** A service's /metrics, parsed: take one before and one after a phase. */
export async function scrapeMetrics(opsUrl: string): Promise<PromSample[]> {
  return parsePromText(await (await fetch(`${opsUrl}/metrics`)).text());
}

/**
 * What a latency histogram (`<name>_sum` / `_count` in seconds) recorded between two scrapes for
 * the series whose labels include `where`: how many, and their mean in ms.
 */
export function histogramBetween(
  before: readonly PromSample[],
  after: readonly PromSample[],
  name: string,
  where: Record<string, string>,
): { count: number; meanMs: number } {
  const delta = (suffix: string) =>
    sumOf(after, `${name}${suffix}`, where) - sumOf(before, `${name}${suffix}`, where);
  const count = delta('_count');
  return { count, meanMs: count > 0 ? (delta('_sum') * 1_000) / count : Number.NaN };
}

/** The console stack's /metrics and CPU now: before and after a phase, they say where its time went. */
export async function snapshot(stack: ConsoleStack) {
  const [consoleMetrics, caseMetrics] = await Promise.all([
    scrapeMetrics(stack.opsUrl),
    scrapeMetrics(stack.caseOpsUrl),
  ]);
  const cpu = {
    console: procStat(stack.console.pid).cpuSeconds,
    cases: procStat(stack.caseServicePid()).cpuSeconds,
    postgres: cpuSecondsByPid('postgres'),
  };
  return { consoleMetrics, caseMetrics, cpu };
}
export type Snapshot = Awaited<ReturnType<typeof snapshot>>;

export const TIME_HEADERS = [
  'request',
  'client',
  'console server',
  'case-service calls per request, mean each',
  'CPU ms per request: console / case-service / postgres',
];

/**
 * One row of TIME_HEADERS for the requests to `route` between two snapshots: the client's mean,
 * the console's own mean, case-service's calls behind it, and the CPU each process spent per
 * request (CPU does not queue behind other work on a busy box; latency does).
 */
export function timeRow(
  label: string,
  clientMs: readonly number[],
  before: Snapshot,
  after: Snapshot,
  route: string,
): string[] {
  const api = histogramBetween(
    before.consoleMetrics,
    after.consoleMetrics,
    'vigil_console_api_duration_seconds',
    { route },
  );
  const rpc = (method: string) => {
    const h = histogramBetween(
      before.caseMetrics,
      after.caseMetrics,
      'vigil_cases_rpc_duration_seconds',
      { method },
    );
    return h.count === 0
      ? ''
      : `${method} ×${(h.count / api.count).toFixed(1)}, ${fmt.ms(h.meanMs)}`;
  };
  const cpu = [
    after.cpu.console - before.cpu.console,
    after.cpu.cases - before.cpu.cases,
    cpuSecondsBetween(before.cpu.postgres, after.cpu.postgres),
  ];
  return [
    label,
    fmt.ms(clientMs.reduce((a, b) => a + b, 0) / clientMs.length),
    fmt.ms(api.meanMs),
    ['GetCase', 'ListCases', 'CountCases'].map(rpc).filter(Boolean).join('; '),
    cpu.map((seconds) => ((seconds * 1_000) / api.count).toFixed(2)).join(' / '),
  ];
}
