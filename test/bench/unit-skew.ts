// How far the outcomes move when a unit (a replica's share of the accounts) is decided entirely
// before another: the ordering tests' traffic decided in process through the engine's decision
// path (`decideBatch` on the in-memory reference stores, the models the Redis stores are checked
// against), once in event order, once unit after unit (the largest skew two replicas can have),
// compared per event (its decision with its follow-ups) and per account (the most severe of all
// its events'). No Kafka, no Redis: what differs is the decision logic alone.
// Run: pnpm --filter @vigil/system-tests bench:unit-skew [--seeds 11,29,41,53] [--units 3]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DecisionOutcome, RiskDecision } from '@vigil/events';
import { defaultPartitionFor } from '@vigil/kafka';
import {
  decideBatch,
  eventTime,
  InMemoryEventMemory,
  InMemoryFeatureStore,
  moreSevere,
  parseRuleSet,
} from '@vigil/rules';
import { scoredEventOf, type SimulatedRecord } from '@vigil/simulator';
import { orderingTraffic, plannedRecords } from '../e2e/support/ordering-runs.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { markdownTable } from './lib/markdown.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '11,29,41,53' },
    units: { type: 'string', default: '3' },
  },
});
const args = z
  .object({
    seeds: z.array(z.coerce.number().int().nonnegative()).min(1),
    units: z.coerce.number().int().min(2),
  })
  .parse({ seeds: values.seeds?.split(','), units: values.units });

const RULES_PATH = join(REPO_ROOT, 'services/risk-engine/config/rules.default.yaml');
const ruleSet = parseRuleSet(readFileSync(RULES_PATH, 'utf8'), RULES_PATH);
const RANK: Record<DecisionOutcome, number> = { allow: 0, challenge: 1, review: 2, block: 3 };

/** Each event's outcome with the follow-ups about it, the records decided one at a time in order. */
async function decide(records: readonly SimulatedRecord[]): Promise<Map<string, DecisionOutcome>> {
  const store = new InMemoryFeatureStore();
  const memory = new InMemoryEventMemory();
  const outcomes = new Map<string, DecisionOutcome>();
  const note = ({ eventId, outcome, followUp }: RiskDecision) => {
    const about = followUp?.eventId ?? eventId;
    outcomes.set(about, moreSevere(outcomes.get(about) ?? 'allow', outcome));
  };
  let offset = 0;
  for (const record of records) {
    const scored = scoredEventOf(record);
    const batch = await decideBatch({ ruleSet, store, memory, now: eventTime(scored) }, [
      { scored, origin: `${record.topic}/0/${offset++}` },
    ]);
    for (const { decision } of batch.decided) note(decision);
    for (const { decision } of batch.followUps) note(decision);
  }
  return outcomes;
}

/** How many of `inOrder`'s keys end softer / harsher in `skewed`, and the moves. */
function moves(inOrder: Map<string, DecisionOutcome>, skewed: Map<string, DecisionOutcome>) {
  let softer = 0;
  let harsher = 0;
  const pairs = new Map<string, number>();
  for (const [key, a] of inOrder) {
    const b = skewed.get(key) ?? 'allow';
    if (a === b) continue;
    if (RANK[b] < RANK[a]) softer += 1;
    else harsher += 1;
    pairs.set(`${a} → ${b}`, (pairs.get(`${a} → ${b}`) ?? 0) + 1);
  }
  const listed = [...pairs].sort((x, y) => y[1] - x[1]).map(([p, n]) => `${p} ${n}`);
  return { softer, harsher, pairs: listed.join(', ') || '—' };
}

/** The most severe outcome of each account's events. */
function perAccount(records: readonly SimulatedRecord[], outcomes: Map<string, DecisionOutcome>) {
  const accounts = new Map<string, DecisionOutcome>();
  for (const { event } of records) {
    const outcome = outcomes.get(event.eventId) ?? 'allow';
    accounts.set(event.accountId, moreSevere(accounts.get(event.accountId) ?? 'allow', outcome));
  }
  return accounts;
}

const start = Date.parse('2026-12-07T08:00:00.000Z');
const rows: string[][] = [];
for (const seed of args.seeds) {
  const records = (await plannedRecords(orderingTraffic(seed, start))).sort(
    (a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt),
  );
  const unitOf = (r: SimulatedRecord) => defaultPartitionFor(r.event.accountId, args.units);
  const unitByUnit = Array.from({ length: args.units }, (_, u) =>
    records.filter((r) => unitOf(r) === u),
  ).flat();
  const inOrder = await decide(records);
  const skewed = await decide(unitByUnit);
  const events = moves(inOrder, skewed);
  const accounts = moves(perAccount(records, inOrder), perAccount(records, skewed));
  const row = [
    String(seed),
    String(records.length),
    `${events.softer} / ${events.harsher}`,
    events.pairs,
    `${accounts.softer} / ${accounts.harsher}`,
    accounts.pairs,
  ];
  console.log(row.join(' | '));
  rows.push(row);
}

const report = `# Units decided one after another against event order: how far the outcomes move

${machineMarkdown()}

Traffic: the ordering tests' (\`orderingTraffic\` in test/e2e/support/ordering-runs.ts: 400
accounts, 2 h, SIM-swap, takeover, travel, brute-force and card-testing chains), decided in
process by the engine's decision path (\`decideBatch\`, the default rule set, the in-memory
reference stores), one event at a time: once in event order, once with the accounts split into
${args.units} units by their Kafka partition and each unit decided whole before the next (the
largest skew replicas can have). Per event: its decision with the follow-ups about it; per
account: the most severe of its events'. Softer / harsher: unit after unit against event order.
Generated by \`test/bench/unit-skew.ts\`.

${markdownTable(
  [
    'seed',
    'events',
    'events softer / harsher',
    'of those (event order → unit after unit)',
    'accounts softer / harsher',
    'of those',
  ],
  rows,
)}
`;
const dir = join(REPO_ROOT, 'test/bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'unit-skew.md'), report);
console.log('wrote test/bench/results/unit-skew.md');
