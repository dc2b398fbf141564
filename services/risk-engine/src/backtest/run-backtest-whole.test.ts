import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '@vigil/events';
import { parseRuleSet } from '@vigil/rules';
import { DEFAULT_RULES_FILE } from '../env.ts';
import { tx } from '../test-support/test-payments.ts';
import { computeBacktestReport } from './backtest-report.ts';
import { inEventTimeOrder, recordedEventOf, type RecordedEvent } from './recorded-event.ts';
import { renderBacktest } from './render-backtest.ts';
import { replayRuleSet } from './replay-rule-set.ts';
import { partitionRules } from './partition-rules.ts';
import { runBacktest, type BacktestRun } from './run-backtest.ts';
import { definedIn } from './shared-rules.ts';

const defaultText = readFileSync(DEFAULT_RULES_FILE, 'utf8');
const baseline = parseRuleSet(defaultText, DEFAULT_RULES_FILE);
// The candidate doubles tx-amount-account-1h's amounts (the bench's example candidate).
const hourAmount = /(- id: tx-amount-account-1h[\s\S]*?tiers: \[\{ atLeast: \{)([^}]*)\}/;
if (!hourAmount.test(defaultText)) throw new Error('default rule set changed: update the test');
const candidate = parseRuleSet(
  defaultText
    .replace(
      hourAmount,
      (_all, head: string, amounts: string) =>
        `${head}${amounts.replace(/\d+/g, (n) => String(2 * Number(n)))}}`,
    )
    .replace(/^version: .*$/m, 'version: "candidate"'),
  'candidate.yaml',
);

const T0 = Date.UTC(2026, 10, 24);

/**
 * Payments declined at even positions, approved at odd ones, 4,002 events: the rules are
 * partitioned on a sample of every second event (partition-rules.ts), which then holds no
 * approved payment. Rules that use a feature only on approved payments (amounts per account,
 * the account's average payment…) are dealt to the workers without knowing it: features may end
 * up used in both (the backtest then replays each set whole), and either way the report must be
 * the one of each set replayed on its own.
 */
function history(): RecordedEvent[] {
  return Array.from({ length: 4_002 }, (_, i) => {
    const account = `acct-${i % 7}`;
    const recorded = recordedEventOf(
      TOPICS.transactions,
      {
        ...tx(account, i, 0),
        occurredAt: new Date(T0 + i * 30_000).toISOString(),
        status: i % 2 === 0 ? 'declined' : 'approved',
        amount: { minor: 20_000 + (i % 13) * 10_000, currency: 'JPY' },
      },
      `payments/0/${i}`,
    );
    if (!recorded) throw new Error(`test event ${i} is not valid`);
    return recorded;
  });
}

export const __t = { baseline, candidate, history };

const OPTIONS = { minutesPerCase: 10, maxListed: 20 };

/** What replaying both sets in this thread, each on its own state, reports. */
async function reference(events: readonly RecordedEvent[], measureFrom: number) {
  const ordered = inEventTimeOrder(events);
  const replays = {
    baseline: await replayRuleSet(baseline, ordered, measureFrom),
    candidate: await replayRuleSet(candidate, ordered, measureFrom),
  };
  return {
    warmup: replays.baseline.warmup,
    measured: replays.baseline.measured,
    report: computeBacktestReport({
      ...OPTIONS,
      baseline: {
        version: baseline.version,
        fingerprint: baseline.fingerprint,
        decisions: replays.baseline.decisions,
      },
      candidate: {
        version: candidate.version,
        fingerprint: candidate.fingerprint,
        decisions: replays.candidate.decisions,
      },
    }),
  };
}

async function expectReference(run: BacktestRun, events: readonly RecordedEvent[], from: number) {
  const expected = await reference(events, from);
  expect([run.warmup, run.measured]).toEqual([expected.warmup, expected.measured]);
  expect(expected.report.changed).toBeGreaterThan(0);
  const context = { period: 'p', warmup: run.warmup, measured: run.measured };
  expect(renderBacktest(run.report, context)).toBe(renderBacktest(expected.report, context));
  expect(run.report).toEqual(expected.report);
}

/**
 * The split partitionRules makes, with the two account amount rules on different workers: both
 * compare with the account's average payment, a feature then needed by both workers.
 */
const splitSharedFeature: typeof partitionRules = (sets, rules, events) => {
  const apart = new Map<string, 0 | 1>([
    ['tx-amount-account-1h', 0],
    ['tx-amount-account-24h', 1],
  ]);
  const worker = (r: number) => apart.get(definedIn(sets, rules[r]!).configured.id);
  const parts = partitionRules(sets, rules, events).map((part) =>
    part.filter((r) => worker(r) === undefined),
  ) as [number[], number[]];
  rules.forEach((_, r) => {
    const to = worker(r);
    if (to !== undefined) parts[to].push(r);
  });
  return parts;
};

const MEASURE_FROM = T0 + 3_600_000;

/** The backtest of the history, the rules split by `partition` (partitionRules by default). */
async function backtest(partition?: typeof partitionRules) {
  const events = history();
  const run = await runBacktest({
    ...OPTIONS,
    baseline,
    candidate,
    history: events,
    measureFrom: MEASURE_FROM,
    measureTo: Number.MAX_SAFE_INTEGER,
    ...(partition ? { partition } : {}),
  });
  return { run, events };
}

describe('runBacktest when the rule sets cannot share features', { timeout: 60_000 }, () => {
  it('reports exactly what replaying both in this thread reports, though the sample missed features', async () => {
    const { run, events } = await backtest();
    await expectReference(run, events, MEASURE_FROM);
  });

  it('replays each set whole when a feature is needed in both workers, with the same report', async () => {
    const { run, events } = await backtest(splitSharedFeature);
    expect(run.path).toBe('whole');
    await expectReference(run, events, MEASURE_FROM);
  });
});
