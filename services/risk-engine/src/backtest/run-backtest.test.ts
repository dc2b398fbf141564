import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TransactionEvent } from '@vigil/events';
import { parseRuleSet } from '@vigil/rules';
import { DEFAULT_RULES_FILE } from '../env.ts';
import { tx } from '../test-support/test-payments.ts';
import type { RecordedEvent } from './recorded-event.ts';
import { renderBacktest } from './render-backtest.ts';
import { runBacktest } from './run-backtest.ts';

const defaultText = readFileSync(DEFAULT_RULES_FILE, 'utf8');
const baseline = parseRuleSet(defaultText, DEFAULT_RULES_FILE);
// The candidate only raises the basic tier's per-payment JPY limit, 15,000 → 30,000 yen.
const basicLimits = /(single-payment-limit[\s\S]*?basic: \{[^}]*JPY: )15000/;
if (!basicLimits.test(defaultText)) throw new Error('default rule set changed: update the test');
const candidate = parseRuleSet(
  defaultText.replace(basicLimits, '$130000').replace(/^version: .*$/m, 'version: "candidate"'),
  'candidate.yaml',
);

const payment = (n: number, minute: number, yen: number): RecordedEvent => {
  const event: TransactionEvent = {
    ...tx('acct-bt', n, minute),
    amount: { minor: yen, currency: 'JPY' },
    account: { country: 'JP', tier: 'basic' },
  };
  return { scored: { kind: 'transaction', event }, origin: `payments/0/${n}` };
};

// Ordinary payments first (history), then amounts around both limits: 13,900 is within 10% of
// the old limit (near), 20,000 over it; against the new limit both are ordinary, and 40,000 is
// over either.
const history = [
  payment(1, 0, 1200),
  payment(2, 5, 900),
  payment(3, 10, 2400),
  payment(4, 20, 13_900),
  payment(5, 40, 20_000),
  payment(6, 50, 40_000),
  payment(7, 55, 1500),
];
const measureFrom = Date.UTC(2026, 10, 24, 8, 15);

// Each run starts two worker threads that load the engine from source: seconds on a busy box.
describe('runBacktest', { timeout: 30_000 }, () => {
  it('a candidate that only raises one threshold changes exactly the decisions between the two', async () => {
    const run = await runBacktest({
      baseline,
      candidate,
      history,
      measureFrom,
      measureTo: Date.UTC(2026, 10, 25),
      labels: new Map([
        ['acct-bt-evt-4', 'legit'],
        ['acct-bt-evt-5', 'legit'],
        ['acct-bt-evt-6', 'fraud'],
      ]),
      minutesPerCase: 12,
      maxListed: 10,
    });
    expect(run.warmup).toBe(3);
    expect(run.measured).toBe(4);
    const { report } = run;
    expect(report.eventsCompared).toBe(4);
    expect(report.listed.map((c) => c.eventId)).toEqual(['acct-bt-evt-4', 'acct-bt-evt-5']);
    const [near, over] = report.listed;
    expect(near?.baseline.rules).toContain('single-payment-limit');
    expect(near?.candidate).toEqual({ outcome: 'allow', rules: [] });
    expect(over?.baseline.outcome).toBe('review');
    expect(over?.candidate.rules).not.toContain('single-payment-limit');
    // 40,000 yen stays over the limit on both sides: caught either way.
    expect(report.labels).toMatchObject({
      fraudEvents: 1,
      fraudCaught: [1, 1],
      legitEvents: 2,
      legitFlagged: [2, 0],
      falsePositivesRemoved: 2,
      falsePositivesAdded: 0,
      newlyMissed: 0,
    });
    const rule = report.rules.find((r) => r.rule === 'single-payment-limit');
    expect(rule?.enforce).toEqual([3, 1]);
    // One account with a case on both sides (the 40,000 yen review), 12 minutes of an agent.
    expect(report.effects[1]).toMatchObject({ accountsWithCase: 1, agentHours: 0.2 });
  });

  it('gives the same report for the same history, whatever order it was read in', async () => {
    const options = {
      baseline,
      candidate,
      measureFrom,
      measureTo: Date.UTC(2026, 10, 25),
      minutesPerCase: 10,
      maxListed: 10,
    };
    const first = await runBacktest({ ...options, history });
    const second = await runBacktest({ ...options, history: [...history].reverse() });
    const context = { period: 'p', warmup: first.warmup, measured: first.measured };
    expect(renderBacktest(second.report, context)).toBe(renderBacktest(first.report, context));
    expect(second.report).toEqual(first.report);
  });
});
