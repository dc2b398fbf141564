import { describe, expect, it } from 'vitest';
import { computeDetectionReport } from '../domain/detection/detection-report.ts';
import { generateTraffic } from '../domain/generate-traffic.ts';
import { HOME_COUNTRIES } from '../domain/world/countries.ts';
import { amountRuleIds, loadRuleSet, scoreInMemory } from './score-in-memory.ts';

const ruleSet = loadRuleSet();
const amountRules = amountRuleIds(ruleSet);

/**
 * The default rule set on every simulated market (per-market spending, README "Detection across
 * markets"): all rules together (any outcome but allow) flag at most 2% of any market's benign
 * accounts, amount rules alone too, and every episode of every scenario is still caught (100% on
 * these seeds). 3,000 accounts, so the smallest market has about 60: with fewer, one customer
 * asked once about a new phone abroad is 2% on their own.
 */
describe('default rules across markets (offline detection report, several seeds)', () => {
  it.each([1, 2, 3])(
    'seed %i: ≤ 2% of benign accounts flagged (all rules, amount rules) in every market, recall 100%',
    async (seed) => {
      const records = [
        ...generateTraffic({
          seed,
          accounts: 3_000,
          start: '2026-11-20T00:00:00.000Z',
          duration: '12h',
          warmup: '1d',
        }).records,
      ].map((p) => p.record);
      const report = computeDetectionReport(
        records.map((r) => r.label),
        await scoreInMemory(records, ruleSet),
        { amountRules },
      );
      expect(report.benign.byMarket.map((m) => m.market).sort()).toEqual(
        HOME_COUNTRIES.map((c) => c.code).sort(),
      );
      for (const m of report.benign.byMarket) {
        expect(m.accounts, m.market).toBeGreaterThan(50);
        expect(
          m.accountFalsePositiveRate,
          `${m.market}: ${m.flaggedAccounts} of ${m.accounts} (${m.topRules.map((r) => r.rule).join(', ')})`,
        ).toBeLessThanOrEqual(0.02);
        expect(
          m.amountRulesRate,
          `${m.market}: ${m.flaggedByAmountRules} of ${m.accounts}`,
        ).toBeLessThanOrEqual(0.02);
      }
      for (const q of report.scenarios) expect(q.caught, q.scenario).toBe(q.episodes);
      expect(report.overall.episodes).toBeGreaterThanOrEqual(30);
    },
    180_000,
  );
});
