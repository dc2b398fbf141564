import { describe, expect, it } from 'vitest';
import { DECISION_OUTCOME_HEADER } from '@vigil/events';
import { withoutNotice } from './kafka-intake.ts';

describe('the notifier passes over decisions by their outcome header', () => {
  it('passes over allow and review, which tell the customer nothing', () => {
    expect(withoutNotice({ [DECISION_OUTCOME_HEADER]: Buffer.from('allow') })).toBe(true);
    expect(withoutNotice({ [DECISION_OUTCOME_HEADER]: Buffer.from('review') })).toBe(true);
  });

  it('reads challenge, block, and decisions without the header (an older engine)', () => {
    expect(withoutNotice({ [DECISION_OUTCOME_HEADER]: Buffer.from('challenge') })).toBe(false);
    expect(withoutNotice({ [DECISION_OUTCOME_HEADER]: Buffer.from('block') })).toBe(false);
    expect(withoutNotice({})).toBe(false);
  });
});
