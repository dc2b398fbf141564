import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRuleSet, type ConfiguredRule, type FeatureSpec, type RuleSet } from '@vigil/rules';
import { DEFAULT_RULES_FILE } from '../env.ts';
import { tx } from '../test-support/test-payments.ts';
import { computeHits } from './compute-hits.ts';
import type { RecordedEvent } from './recorded-event.ts';
import type { SharedRule } from './shared-rules.ts';

const payments: RecordedEvent[] = [1, 2, 3].map((n) => ({
  scored: { kind: 'transaction', event: tx('acct-ch', n, n) },
  origin: `payments/0/${n}`,
}));

// One count of the account's payments in the hour: the feature both rules below declare.
const counted: FeatureSpec = {
  kind: 'counter',
  dimension: 'account',
  measure: 'count',
  windowMs: 3_600_000,
  bucketMs: 300_000,
  filter: {},
};

/** A rule that asks for the counter on the events `asks` picks, and fires when it reaches 2. */
function counting(id: string, asks: (n: number) => boolean): ConfiguredRule {
  return {
    id,
    type: 'test',
    mode: 'enforce',
    score: 50,
    exemptIfAllowed: [],
    rule: {
      features: (scored) =>
        asks(Number(scored.event.eventId.split('-').at(-1))) ? { counted } : {},
      evaluate: (_scored, features) =>
        (features.count('counted') ?? 0) >= 2 ? { message: 'twice' } : null,
    },
  };
}

const base = parseRuleSet(readFileSync(DEFAULT_RULES_FILE, 'utf8'), DEFAULT_RULES_FILE);
const withRules = (rules: ConfiguredRule[]): RuleSet => ({ ...base, rules });
const never = () => false;

describe('computeHits', () => {
  it('computes a feature both sets ask for alike once, and their hits from it', async () => {
    const sets = [
      withRules([counting('a', () => true)]),
      withRules([counting('a', () => true)]),
    ] as const;
    const rules: SharedRule[] = [{ at: [0, 0], sides: 3 }];
    const found = await computeHits(sets, rules, payments, never);
    expect(found.conflicts).toEqual([]);
    expect(found.used.map(([, sides]) => sides)).toEqual([3]);
    // The 2nd and 3rd payments of the hour.
    expect(found.events).toEqual([1, 2]);
  });

  it('reports a feature the two sets ask for on different events (one state cannot serve both)', async () => {
    // The candidate's rule skips the 2nd payment: its count of the 3rd would be 2, not 3.
    const sets = [
      withRules([counting('a', () => true)]),
      withRules([counting('a', (n) => n !== 2)]),
    ] as const;
    const rules: SharedRule[] = [
      { at: [0, -1], sides: 1 },
      { at: [-1, 0], sides: 2 },
    ];
    const found = await computeHits(sets, rules, payments, never);
    expect(found.conflicts).toHaveLength(1);
    expect(found.used.map(([, sides]) => sides)).toEqual([3]);
  });

  it('does not report a feature only one set uses', async () => {
    const sets = [
      withRules([counting('a', () => true)]),
      withRules([counting('a', never)]),
    ] as const;
    const rules: SharedRule[] = [{ at: [0, -1], sides: 1 }];
    const found = await computeHits(sets, rules, payments, never);
    expect(found.conflicts).toEqual([]);
  });
});
