// Backtest speed and output on simulated history: the default rule set against a candidate
// (the 1 h amount per account threshold doubled in every currency), both replayed in memory on
// the engine's decision path, split by rules across two worker threads. Reports events/s over several
// runs (the spread), and the backtest report of the last run.
// Run: pnpm --filter @vigil/system-tests bench:backtest [--accounts 5000] [--duration 1d] [--warmup 7d] [--runs 3]
// [--candidate rules.yaml] (default: the example candidate above)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseRuleSet } from '@vigil/rules';
import { generateTraffic } from '@vigil/simulator';
import { DEFAULT_RULES_FILE } from '@vigil/risk-engine/src/env.ts';
import { renderBacktest } from '@vigil/risk-engine/src/backtest/render-backtest.ts';
import { runBacktest } from '@vigil/risk-engine/src/backtest/run-backtest.ts';
import {
  recordedEventOf,
  type RecordedEvent,
} from '@vigil/risk-engine/src/backtest/recorded-event.ts';
import type { Label } from '@vigil/risk-engine/src/backtest/backtest-report.ts';
import { builtBacktest } from './lib/built-backtest.ts';
import { hourAmountDoubled } from './lib/hour-amount-doubled.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '1d' },
    warmup: { type: 'string', default: '7d' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '3' },
    candidate: { type: 'string' },
    // Time the built CLI (what ships) instead of runBacktest from source, whose workers compile
    // the engine's TypeScript with tsx on every run.
    built: { type: 'boolean', default: false },
  },
});
const args = z
  .object({
    accounts: z.coerce.number().int().positive(),
    duration: z.string(),
    warmup: z.string(),
    seed: z.coerce.number().int(),
    runs: z.coerce.number().int().min(1).max(20),
    candidate: z.string().optional(),
    built: z.boolean(),
  })
  .parse(values);
const machine = machineMarkdown();
const start = '2026-11-20T00:00:00.000Z';

const { records } = generateTraffic({
  seed: args.seed,
  accounts: args.accounts,
  duration: args.duration,
  warmup: args.warmup,
  start,
});
const history: RecordedEvent[] = [];
const labels = new Map<string, Label>();
let offset = 0;
for (const { record } of records) {
  const recorded = recordedEventOf(record.topic, record.event, `${record.topic}/0/${offset++}`);
  if (!recorded) throw new Error(`simulated event ${record.event.eventId} is not valid`);
  history.push(recorded);
  if (!record.label.warmup)
    labels.set(record.event.eventId, record.label.label === 'attack' ? 'fraud' : 'legit');
}

const text = readFileSync(DEFAULT_RULES_FILE, 'utf8');
const baseline = parseRuleSet(text, DEFAULT_RULES_FILE);
const candidateYaml = args.candidate
  ? readFileSync(args.candidate, 'utf8')
  : hourAmountDoubled(text, 'candidate: 1 h amount doubled');
const candidate = parseRuleSet(candidateYaml, args.candidate ?? 'candidate.yaml');
if (candidate.fingerprint === baseline.fingerprint) throw new Error('candidate did not change');

const measureFrom = Date.parse(start);
const rates: number[] = [];
// The process's CPU per run (both workers and this thread): on a shared box the rate depends on
// what else runs, the CPU it took much less.
const cpuSeconds: number[] = [];
const paths: string[] = [];
let last: Awaited<ReturnType<typeof runBacktest>> | undefined;
const built = args.built
  ? await builtBacktest({ history, labels, baselineYaml: text, candidateYaml, measureFrom })
  : undefined;
let builtReport = '';
for (let run = 1; run <= args.runs; run++) {
  if (built) {
    const result = built.run();
    rates.push(result.eventsPerSecond);
    cpuSeconds.push(result.cpuSeconds);
    paths.push('built CLI');
    builtReport = result.report;
    console.log(
      `run ${run}: ${history.length} events × 2 rule sets at ${result.eventsPerSecond} events/s, ${result.cpuSeconds.toFixed(1)} CPU s (built CLI)`,
    );
    continue;
  }
  const cpuBefore = process.cpuUsage();
  last = await runBacktest({
    baseline,
    candidate,
    history,
    measureFrom,
    measureTo: Number.MAX_SAFE_INTEGER,
    labels,
    minutesPerCase: 10,
    maxListed: 10,
  });
  const cpu = process.cpuUsage(cpuBefore);
  rates.push(last.eventsPerSecond);
  paths.push(last.path);
  cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  console.log(
    `run ${run}: ${history.length} events × 2 rule sets at ${Math.round(last.eventsPerSecond)} events/s, ${cpuSeconds.at(-1)!.toFixed(1)} CPU s (${last.path} replay)`,
  );
}
// Other work on the box shares its two cores with the two workers: the end load says how much.
const loadEnd = loadavg()
  .slice(0, 2)
  .map((n) => n.toFixed(2))
  .join(', ');
const sorted = [...rates].sort((a, b) => a - b);
const cpuSorted = [...cpuSeconds].sort((a, b) => a - b);
const cpuRange = [cpuSorted[0]!, cpuSorted.at(-1)!].map((n) => n.toFixed(1)).join('–');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
built?.close();
const report = last
  ? renderBacktest(last.report, {
      period: `simulated ${args.duration} from ${start}`,
      warmup: last.warmup,
      measured: last.measured,
    })
  : builtReport;
const markdown = `# Backtest benchmark

${machine}

Method: the simulator's traffic (seed ${args.seed}, ${args.accounts} customers and every attack
scenario, ${args.warmup} of warm-up history then ${args.duration} measured: ${history.length} events),
validated with the engine's schemas, replayed through the default rule set and a candidate
(tx-amount-account-1h's thresholds doubled), one event at a time in event-time order
(${args.built ? '`node services/risk-engine/dist/cli/backtest.js --input` on the history written as an archive, one process a run: what ships' : '`runBacktest` from source, what `vigil-backtest` runs'}): the rules both sets define alike computed
once, split between two worker threads so that no feature is needed in both (one replay
feature state each, features named by numbers), then each worker decides one set from all the hits on an event memory of
its own (path: ${[...new Set(paths)].join(', ')}). Rate = events × 2 rule sets / seconds,
from starting the workers to both answers (start-up and the history's transfer included).
CPU s = the user + system CPU of the process that ran it (both workers and the main thread): the
rate depends on what else shares the two cores, the CPU a run takes much less.
Load average at the end (1m, 5m): ${loadEnd}.

| runs | events/s (min) | events/s (median) | events/s (max) | CPU s per run | target |
| ---: | ---: | ---: | ---: | ---: | ---: |
| ${rates.length} | ${fmt(sorted[0]!)} | ${fmt(sorted[Math.floor(sorted.length / 2)]!)} | ${fmt(sorted.at(-1)!)} | ${cpuRange} | ≥ 20,000 |

## The report of the last run

${report.replace(/^# /m, '### ').replace(/^## /gm, '#### ')}`;
const out = join(REPO_ROOT, 'test/bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'backtest.md'), markdown);
console.log(
  `median ${fmt(sorted[Math.floor(sorted.length / 2)]!)} events/s; wrote test/bench/results/backtest.md`,
);
