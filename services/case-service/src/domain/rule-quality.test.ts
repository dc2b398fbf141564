import { describe, expect, it } from 'vitest';
import { rankRules, ruleQuality, windowStart, type RuleCounts } from './rule-quality.ts';

const counts = (overrides: Partial<RuleCounts> = {}): RuleCounts => ({
  rule: 'amount-1h',
  mode: 'enforce',
  hits: 0,
  labelledFraud: 0,
  labelledLegit: 0,
  challenges: 0,
  answeredItWasMe: 0,
  ...overrides,
});

describe('ruleQuality', () => {
  it('precision is labelled fraud over labelled hits; unlabelled hits do not count', () => {
    const quality = ruleQuality(
      counts({ hits: 40, labelledFraud: 3, labelledLegit: 9, challenges: 20, answeredItWasMe: 7 }),
      1_000,
    );
    expect(quality.precision).toBe(0.25);
    expect(quality.flaggedShare).toBe(0.04);
    expect(quality.friction).toBe(7);
  });

  it('has no precision before any label and no share before any decision', () => {
    const quality = ruleQuality(counts({ hits: 5 }), 0);
    expect(quality.precision).toBeUndefined();
    expect(quality.flaggedShare).toBeUndefined();
  });
});

describe('windowStart', () => {
  it('the last 7 days are today and the six UTC days before it', () => {
    const now = new Date('2026-12-01T23:07:00.000Z');
    expect(windowStart(now, 7).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(windowStart(now, 1).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(windowStart(now, 30).toISOString()).toBe('2026-11-02T00:00:00.000Z');
  });
});

describe('rankRules', () => {
  it('lists enforce rules before shadow ones, most hits first, ties by name', () => {
    const rows = [
      counts({ rule: 'b', mode: 'shadow', hits: 90 }),
      counts({ rule: 'z', hits: 5 }),
      counts({ rule: 'c', hits: 10 }),
      counts({ rule: 'a', hits: 10 }),
    ].map((c) => ruleQuality(c, 100));
    expect(rankRules(rows).map((r) => `${r.mode}:${r.rule}`)).toEqual([
      'enforce:a',
      'enforce:c',
      'enforce:z',
      'shadow:b',
    ]);
  });
});
