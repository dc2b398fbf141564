import { describe, expect, it } from 'vitest';
import { computeDetectionReport } from '../domain/detection/detection-report.ts';
import { generateTraffic } from '../domain/generate-traffic.ts';
import { HOME_COUNTRIES } from '../domain/world/countries.ts';
import { amountRuleIds, loadRuleSet, scoreInMemory } from './score-in-memory.ts';

const ruleSet = loadRuleSet();
const amountRules = amountRuleIds(ruleSet);

/**
 * The default rule set on every simulated market (per-market spending, README "Detection across
 * markets"): amount rules flag at most 2% of any market's benign accounts, and every episode of
 * every scenario is still caught, as it was before per-market thresholds (100% on these seeds).
 */
describe('default rules across markets (offline detection report, several seeds)', () => {
  it.each([1, 2, 3])(
    'seed %i: ≤ 2% of benign accounts flagged by amount rules in every market, recall 100%',
    async (seed) => {
      const records = [
        ...generateTraffic({
          seed,
          accounts: 1_500,
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
        expect(m.accounts, m.market).toBeGreaterThan(25);
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
