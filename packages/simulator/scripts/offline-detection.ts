/**
 * Detection quality of a rule set on simulated traffic, without infrastructure: every event is
 * scored in time order through the engine's decision path (decideBatch of @vigil/rules) on its
 * in-memory reference stores (the models the Redis stores are checked against), retro-hunt
 * follow-ups included. No feedback loop and no deny-lists from cases; in event order nothing is
 * late, so no late-event follow-ups.
 *
 *   pnpm --filter @vigil/simulator offline-detection --accounts 2000 --duration 6h --warmup 2d --seed 42
 */
import { parseArgs } from 'node:util';
import {
  computeDetectionReport,
  generateTraffic,
  renderMarkdown,
  type GroundTruth,
  type SimulatedRecord,
} from '../src/index.ts';
import {
  amountRuleIds,
  DEFAULT_RULES_PATH,
  loadRuleSet,
  scoreInMemory,
} from '../src/offline/score-in-memory.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '2000' },
      duration: { type: 'string', default: '6h' },
      warmup: { type: 'string', default: '2d' },
      seed: { type: 'string', default: '42' },
      start: { type: 'string', default: '2026-11-20T00:00:00.000Z' },
      rules: { type: 'string', default: DEFAULT_RULES_PATH },
      episodes: { type: 'string' },
      'chain-share': { type: 'string' },
    },
  });
  const ruleSet = loadRuleSet(values.rules);
  const { records, skipped } = generateTraffic({
    seed: Number(values.seed),
    accounts: Number(values.accounts),
    duration: values.duration,
    warmup: values.warmup,
    start: values.start,
    ...(values.episodes === undefined ? {} : { episodesPerScenario: Number(values.episodes) }),
    ...(values['chain-share'] === undefined ? {} : { chainShare: Number(values['chain-share']) }),
  });
  const labels: GroundTruth[] = [];
  const inOrder = (function* (): Generator<SimulatedRecord> {
    for (const { record } of records) {
      labels.push(record.label);
      yield record;
    }
  })();
  const startedAt = Date.now();
  const decisions = await scoreInMemory(inOrder, ruleSet);
  console.log(
    `Scored ${labels.length} events with rule set ${ruleSet.version} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (in-memory store, event order).`,
  );
  for (const s of skipped) console.log(`No ${s.scenario} episodes: it ${s.reason}.`);
  console.log(
    renderMarkdown(
      computeDetectionReport(labels, decisions, { amountRules: amountRuleIds(ruleSet) }),
    ),
  );
}

await main();
