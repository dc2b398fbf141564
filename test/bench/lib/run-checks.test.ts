import { describe, expect, it } from 'vitest';
import { emptyTally } from './decision-tally.ts';
import { checkEffects } from './effects-check.ts';
import { checkFailures, type RunChecks } from './run-checks.ts';

const correct = (): RunChecks => ({
  produced: 10,
  lost: 0,
  duplicated: 0,
  unexpected: 0,
  tally: emptyTally(),
  effects: checkEffects({
    flagged: new Map(),
    alertDecisionIds: [],
    causes: [],
    notices: [],
    delivered: 0,
  }),
  deadLetters: 0,
});

describe('checkFailures', () => {
  it('is empty for a correct run', () => {
    expect(checkFailures(correct())).toEqual([]);
  });

  it('lists lost and duplicated decisions first, then dead letters and effects', () => {
    const checks = { ...correct(), lost: 2, duplicated: 1, deadLetters: 3 };
    checks.effects = checkEffects({
      flagged: new Map([['d1', 'review']]),
      alertDecisionIds: [],
      causes: [],
      notices: [],
      delivered: 0,
    });
    expect(checkFailures(checks)).toEqual([
      '2 events without a decision (lost)',
      '1 events decided more than once',
      '3 records in dead-letter topics',
      '1 review/block decisions without a case alert',
    ]);
  });
});
