import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '@vigil/events';
import { parseRuleSet, planFeatures, requiredFeatures } from '@vigil/rules';
import { DEFAULT_RULES_FILE } from '../env.ts';
import { tx } from '../test-support/test-payments.ts';
import { specKeyOf } from './shared-rules.ts';

const ruleSet = parseRuleSet(readFileSync(DEFAULT_RULES_FILE, 'utf8'), DEFAULT_RULES_FILE);

describe('specKeyOf', () => {
  it("is a grouped feature's field: compute-hits.ts reads the key from it", () => {
    const payments: ScoredEvent[] = [
      { kind: 'transaction', event: tx('acct-sk', 1, 0) },
      {
        kind: 'transaction',
        event: { ...tx('acct-sk', 2, 1), amount: { minor: 90_000, currency: 'USD' } },
      },
    ];
    const grouped = payments.flatMap((scored) =>
      requiredFeatures(ruleSet, scored, planFeatures(ruleSet, scored)).filter((r) => r.group),
    );
    expect(grouped.length).toBeGreaterThan(5);
    for (const request of grouped) expect(request.group!.field).toBe(specKeyOf(request.id));
  });
});
