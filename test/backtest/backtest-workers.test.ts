import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { RiskDecision } from '@vigil/events';
import {
  decideBatch,
  eventTime,
  InMemoryEventMemory,
  InMemoryFeatureStore,
  parseRuleSet,
  type RuleHit,
  type RuleSet,
} from '@vigil/rules';
import { generateTraffic } from '@vigil/simulator';
import { DEFAULT_RULES_FILE } from '@vigil/risk-engine/src/env.ts';
import { computeBacktestReport } from '@vigil/risk-engine/src/backtest/backtest-report.ts';
import {
  inEventTimeOrder,
  recordedEventOf,
  type RecordedEvent,
} from '@vigil/risk-engine/src/backtest/recorded-event.ts';
import { renderBacktest } from '@vigil/risk-engine/src/backtest/render-backtest.ts';
import { redeliveredIn, replayRuleSet } from '@vigil/risk-engine/src/backtest/replay-rule-set.ts';
import { computeHits } from '@vigil/risk-engine/src/backtest/compute-hits.ts';
import { decideFromHits } from '@vigil/risk-engine/src/backtest/decide-from-hits.ts';
import { partitionRules } from '@vigil/risk-engine/src/backtest/partition-rules.ts';
import { sharedRules } from '@vigil/risk-engine/src/backtest/shared-rules.ts';
import { runBacktest } from '@vigil/risk-engine/src/backtest/run-backtest.ts';
import { hourAmountDoubled } from '../bench/lib/hour-amount-doubled.ts';

// The bench's traffic and candidate (bench/backtest.ts), smaller: every attack scenario, a day
// of warm-up, six hours measured.
const start = '2026-11-20T00:00:00.000Z';
const { records } = generateTraffic({ seed: 7, accounts: 60, duration: '6h', warmup: '1d', start });
const history: RecordedEvent[] = [...records].map(({ record }, offset) => {
  const recorded = recordedEventOf(record.topic, record.event, `${record.topic}/0/${offset}`);
  if (!recorded) throw new Error(`simulated event ${record.event.eventId} is not valid`);
  return recorded;
});
const text = readFileSync(DEFAULT_RULES_FILE, 'utf8');
const baseline = parseRuleSet(text, DEFAULT_RULES_FILE);
const candidate = parseRuleSet(hourAmountDoubled(text, 'candidate'), 'candidate.yaml');
const measureFrom = Date.parse(start);

/**
 * The replay on the reference stores as they are (every event remembered, nothing assumed about
 * order): what the backtest's leaner replay must decide exactly.
 */
async function referenceReplay(ruleSet: RuleSet, events: readonly RecordedEvent[]) {
  const deps = { ruleSet, store: new InMemoryFeatureStore(), memory: new InMemoryEventMemory() };
  const decisions: RiskDecision[] = [];
  for (const recorded of events) {
    const now = eventTime(recorded.scored);
    const batch = await decideBatch({ ...deps, now }, [recorded]);
    if (now < measureFrom) continue;
    for (const { decision } of [...batch.decided, ...batch.followUps]) decisions.push(decision);
  }
  return decisions;
}

const sha = (decisions: readonly RiskDecision[]) =>
  createHash('sha256').update(JSON.stringify(decisions)).digest('hex');

describe('runBacktest in worker threads', () => {
  it('reports exactly what replaying both rule sets in this thread reports', async () => {
    const options = { measureFrom, minutesPerCase: 10, maxListed: 50 };
    const run = await runBacktest({
      ...options,
      baseline,
      candidate,
      history,
      measureTo: Number.MAX_SAFE_INTEGER,
    });

    const events = inEventTimeOrder(history);
    const reference = {
      baseline: await replayRuleSet(baseline, events, measureFrom),
      candidate: await replayRuleSet(candidate, events, measureFrom),
    };
    const report = computeBacktestReport({
      ...options,
      baseline: {
        version: baseline.version,
        fingerprint: baseline.fingerprint,
        decisions: reference.baseline.decisions,
      },
      candidate: {
        version: candidate.version,
        fingerprint: candidate.fingerprint,
        decisions: reference.candidate.decisions,
      },
    });
    expect(run.path).toBe('shared');
    expect(run.measured).toBeGreaterThan(100);
    expect(report.changed).toBeGreaterThan(0);
    expect([run.warmup, run.measured]).toEqual([
      reference.baseline.warmup,
      reference.baseline.measured,
    ]);
    const context = { period: 'p', warmup: run.warmup, measured: run.measured };
    expect(renderBacktest(run.report, context)).toBe(renderBacktest(report, context));
    expect(run.report).toEqual(report);
  }, 60_000);

  it('decides every event of both sets from the shared hits exactly as each set replayed whole', async () => {
    const events = inEventTimeOrder(history);
    const sets = [baseline, candidate] as const;
    const rules = sharedRules(sets);
    // Computed once: the candidate changes one rule, which both define (apart) alike otherwise.
    expect(rules.length).toBe(baseline.rules.filter((r) => r.mode !== 'off').length + 1);
    const found = await Promise.all(
      partitionRules(sets, rules, events).map(async (part) => {
        const shared = part.map((r) => rules[r]!);
        const hits = await computeHits(sets, shared, events, redeliveredIn(events));
        expect(hits.conflicts).toEqual([]);
        return { part, hits };
      }),
    );
    const byEvent = new Map<number, [number, RuleHit][]>();
    for (const { part, hits } of found)
      hits.events.forEach((event, i) =>
        byEvent.set(event, [...(byEvent.get(event) ?? []), [part[hits.rules[i]!]!, hits.hits[i]!]]),
      );
    for (const side of [0, 1] as const) {
      const shared = await decideFromHits({
        ruleSet: sets[side],
        side,
        rules,
        hits: byEvent,
        duplicates: new Set(found[0]!.hits.duplicates),
        events,
        measureFrom,
      });
      const whole = await replayRuleSet(sets[side], events, measureFrom);
      expect(shared.decisions.length).toBe(whole.decisions.length);
      expect(sha(shared.decisions)).toBe(sha(whole.decisions));
    }
  }, 60_000);

  it('the replay decides every event exactly as the reference stores do', async () => {
    const events = inEventTimeOrder(history);
    for (const ruleSet of [baseline, candidate]) {
      const replay = await replayRuleSet(ruleSet, events, measureFrom);
      const reference = await referenceReplay(ruleSet, events);
      expect(replay.decisions.length).toBe(reference.length);
      expect(replay.decisions.some((d) => d.followUp)).toBe(true);
      expect(sha(replay.decisions)).toBe(sha(reference));
    }
  }, 60_000);
});
