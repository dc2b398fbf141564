import { describe, expect, it } from 'vitest';
import { DECISION_OUTCOME_HEADER } from '@vigil/events';
import { withoutCase } from './kafka-case-raiser.ts';

describe('the case raiser passes over decisions by their outcome header', () => {
  it('passes over allow and challenge, as the broker hands headers back (Buffers) or as text', () => {
    expect(withoutCase({ [DECISION_OUTCOME_HEADER]: Buffer.from('allow') })).toBe(true);
    expect(withoutCase({ [DECISION_OUTCOME_HEADER]: 'challenge' })).toBe(true);
  });

  it('reads review, block, and any decision without the header (an older producer)', () => {
    expect(withoutCase({ [DECISION_OUTCOME_HEADER]: Buffer.from('review') })).toBe(false);
    expect(withoutCase({ [DECISION_OUTCOME_HEADER]: Buffer.from('block') })).toBe(false);
    expect(withoutCase({})).toBe(false);
    expect(withoutCase({ other: Buffer.from('allow') })).toBe(false);
  });
});
