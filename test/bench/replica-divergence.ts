// How far two risk-engine replicas' decisions move from one engine's on the same stream: the
// ordering tests' traffic (cross-account credential stuffing and card testing among it) through
// the whole pipeline as a backlog, once with one engine and once with a second replica started
// part-way, which splits the units between two loops that each read at their own pace.
// Run: pnpm --filter @vigil/system-tests bench:replica-divergence [--seeds 11,29] [--second-at 0.2]
//      [--accounts 10000] [--rate 0] (0: a backlog; else paced live at that many events/s)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startLocalSinks } from '@vigil/devstack';
import { compareDecisions, findInversions } from '@vigil/simulator';
import { orderingTraffic, runPipeline, type RunResult } from '../e2e/support/ordering-runs.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '11,29' },
    'second-at': { type: 'string', default: '0.2' },
    // Enough traffic that the second replica is up while most of it is still to decide.
    accounts: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '0' },
  },
});
const args = z
  .object({
    seeds: z.array(z.coerce.number().int().nonnegative()).min(1),
    secondAt: z.coerce.number().gt(0).lt(1),
    accounts: z.coerce.number().int().positive(),
    rate: z.coerce.number().nonnegative(),
  })
  .parse({
    seeds: values.seeds?.split(','),
    secondAt: values['second-at'],
    accounts: values.accounts,
    rate: values.rate,
  });
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const machine = machineMarkdown();
const start = Math.floor((Date.now() - 6 * 3_600_000) / 60_000) * 60_000;
const originalsOf = (run: RunResult) => run.decisions.filter((d) => d.followUp === undefined);

const rows: string[][] = [];
const sinks = await startLocalSinks();
try {
  for (const seed of args.seeds) {
    const traffic = orderingTraffic(seed, start, {
      accounts: args.accounts,
      ...(args.rate > 0 ? { mode: 'paced', rate: args.rate } : {}),
    });
    const timing = args.rate > 0 ? 'live' : 'backlog';
    log(`seed ${seed}: one engine`);
    const one = await runPipeline({ traffic, timing, sinks });
    log(`seed ${seed}: a second replica from ${args.secondAt * 100}% of the events decided`);
    const two = await runPipeline({
      traffic,
      timing,
      sinks,
      secondReplicaAt: args.secondAt,
    });
    const comparison = compareDecisions(one.decisions, two.decisions);
    const pairs = new Map<string, number>();
    for (const { a, b } of comparison.effective.differing)
      pairs.set(`${a} → ${b}`, (pairs.get(`${a} → ${b}`) ?? 0) + 1);
    const row = [
      String(seed),
      String(one.events),
      `${originalsOf(two).length} / ${two.repeats.length}`,
      String(two.secondReplicaDecided ?? 0),
      String(findInversions(two.decisions).count),
      `${comparison.decisions.differing.length} of ${originalsOf(one).length}`,
      `${comparison.followUps.onlyInA.length} / ${comparison.followUps.onlyInB.length}`,
      String(comparison.effective.differing.length),
      [...pairs]
        .sort((x, y) => y[1] - x[1])
        .map(([pair, count]) => `${pair} ${count}`)
        .join(', ') || '—',
    ];
    log(row.join(' | '));
    rows.push(row);
  }
} finally {
  await sinks.close();
}

const produced = args.rate > 0 ? `paced at ${args.rate}/s while the engine runs` : 'as a backlog';
const report = `# Two risk-engine replicas against one: how far the decisions move

Machine (shared with other engineers' test runs; numbers vary run to run):

${machine}

Traffic: the ordering tests' (\`orderingTraffic\` in test/e2e/support/ordering-runs.ts: 2 h,
SIM-swap, takeover, travel, brute-force and card-testing chains, 3 units) with
${args.accounts.toLocaleString('en-US')} accounts, produced ${produced};
the whole pipeline as built (case-service, notifier, devstack sinks). One engine decides it all; then the same stream again with a second replica started once
${args.secondAt * 100} % of the events were decided (the group rebalances, the replicas split the
units and read on, each at its own pace). Compared per eventId (\`compareDecisions\`): the first
decisions, the follow-ups, and each event's outcome with its follow-ups.

${markdownTable(
  [
    'seed',
    'events',
    'two replicas: first decisions / published twice',
    'decided by the second',
    'inversions',
    'first decisions differing',
    'follow-ups only with one / only with two',
    'outcomes with follow-ups differing',
    'of those (one engine → two replicas)',
  ],
  rows,
)}

Each account stays in order on its replica (inversions), and every event is decided once across
both. What moves are cross-account features: a replica sees the other's accounts as far as the
other has got (risk-engine README, _Limits_).
`;
const dir = join(REPO_ROOT, 'test/bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'replica-divergence.md'), report);
log('wrote test/bench/results/replica-divergence.md');
