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
import { runBacktest } from './run-backtest.ts';

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
 * the account's average payment…) are dealt to the workers without knowing it, so features end
 * up used in both, and the backtest has to replay each set whole.
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
describe('runBacktest when the rule sets cannot share features', { timeout: 60_000 }, () => {
  it('replays each set whole, and reports exactly what replaying both in this thread reports', async () => {
    const events = history();
    const measureFrom = T0 + 3_600_000;
    const options = { measureFrom, minutesPerCase: 10, maxListed: 20 };
    const run = await runBacktest({
      ...options,
      baseline,
      candidate,
      history: events,
      measureTo: Number.MAX_SAFE_INTEGER,
    });
    expect(run.path).toBe('whole');

    const ordered = inEventTimeOrder(events);
    const reference = {
      baseline: await replayRuleSet(baseline, ordered, measureFrom),
      candidate: await replayRuleSet(candidate, ordered, measureFrom),
    };
    const report = computeBacktestReport({
      ...options,
      baseline: { version: baseline.version, decisions: reference.baseline.decisions },
      candidate: { version: candidate.version, decisions: reference.candidate.decisions },
    });
    expect([run.warmup, run.measured]).toEqual([
      reference.baseline.warmup,
      reference.baseline.measured,
    ]);
    expect(report.changed).toBeGreaterThan(0);
    const context = { period: 'p', warmup: run.warmup, measured: run.measured };
    expect(renderBacktest(run.report, context)).toBe(renderBacktest(report, context));
    expect(run.report).toEqual(report);
  });
});
