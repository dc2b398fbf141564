/**
 * Detection quality of a rule set on simulated traffic, without infrastructure: every event is
 * scored in time order through @vigil/rules with its in-memory reference feature store (the
 * model the Redis store is checked against). No feedback loop, no deny-lists from cases.
 *
 *   pnpm --filter @vigil/simulator offline-detection --accounts 2000 --duration 6h --warmup 2d --seed 42
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ScoredEvent } from '@vigil/events';
import { evaluate, eventTime, InMemoryFeatureStore, parseRuleSet, requiredFeatures } from '@vigil/rules';
import { computeDetectionReport, generateTraffic, renderMarkdown, type DecisionView, type GroundTruth, type SimulatedRecord } from '../src/index.ts';

const DEFAULT_RULES = fileURLToPath(new URL('../../../services/risk-engine/config/rules.default.yaml', import.meta.url));

function scoredOf(record: SimulatedRecord): ScoredEvent {
  switch (record.topic) {
    case 'payments.transactions.v1':
      return { kind: 'transaction', event: record.event };
    case 'identity.logins.v1':
      return { kind: 'login', event: record.event };
    case 'identity.account-changes.v1':
      return { kind: 'account_change', event: record.event };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '2000' }, duration: { type: 'string', default: '6h' }, warmup: { type: 'string', default: '2d' },
      seed: { type: 'string', default: '42' }, start: { type: 'string', default: '2026-11-20T00:00:00.000Z' }, rules: { type: 'string', default: DEFAULT_RULES },
      episodes: { type: 'string' },
    },
  });
  const ruleSet = parseRuleSet(readFileSync(values.rules, 'utf8'), values.rules);
  const store = new InMemoryFeatureStore();
  const { records } = generateTraffic({
    seed: Number(values.seed), accounts: Number(values.accounts), duration: values.duration, warmup: values.warmup, start: values.start,
    ...(values.episodes === undefined ? {} : { episodesPerScenario: Number(values.episodes) }),
  });
  const labels: GroundTruth[] = [];
  const decisions: DecisionView[] = [];
  const startedAt = Date.now();
  for (const { record } of records) {
    const scored = scoredOf(record);
    const at = eventTime(scored);
    const [result] = await store.computeBatch([{ eventId: record.event.eventId, accountId: record.event.accountId, at, requests: requiredFeatures(ruleSet, scored) }]);
    if (!result) throw new Error('store returned no result');
    const evaluation = evaluate(scored, result.values, ruleSet, at);
    labels.push(record.label);
    decisions.push({ eventId: record.event.eventId, outcome: evaluation.outcome, reasons: evaluation.reasons });
  }
  console.log(`Scored ${labels.length} events with rule set ${ruleSet.version} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (in-memory store).\n`);
  console.log(renderMarkdown(computeDetectionReport(labels, decisions)));
}

await main();
