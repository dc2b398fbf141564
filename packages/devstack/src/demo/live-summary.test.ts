import { describe, expect, it } from 'vitest';
import { formatSummary } from './live-summary.ts';

const tally = {
  decisions: { allow: 1200, challenge: 31, review: 12, block: 7 },
  decidedEvents: 1250,
  duplicateDecisions: 0,
  commands: { lock: 7, unlock: 0, timedLock: 0 },
  deadLetters: 0,
};

describe('formatSummary', () => {
  it('shows progress, the decision mix, cases, locks and notices by channel', () => {
    const line = formatSummary({
      elapsedMs: 12_400,
      produced: 1300,
      planned: 1430,
      tally,
      cases: 9,
      notices: { email: 20, sms: 11, push: 0 },
    });
    expect(line).toBe(
      '[ 12s] events 1,300/1,430 | decisions 1,250: allow 1,200 · challenge 31 · review 12 · block 7 | cases 9 | locks 7 | notices email 20 · sms 11 · push 0',
    );
  });

  it('calls out resent events, duplicate decisions, timed locks, unlocks and dead letters, and an unknown case count', () => {
    const line = formatSummary({
      elapsedMs: 0,
      produced: 0,
      planned: 10,
      resent: 5,
      tally: {
        ...tally,
        duplicateDecisions: 2,
        commands: { lock: 1, unlock: 1, timedLock: 4 },
        deadLetters: 3,
      },
      cases: undefined,
      notices: { email: 0, sms: 0, push: 0 },
    });
    expect(line).toContain('events 0/10 (+5 resent)');
    expect(line).toContain('(2 DUPLICATE)');
    expect(line).toContain('locks 1 (timed 4, unlocks 1)');
    expect(line).toContain('cases ?');
    expect(line).toMatch(/\| dlq 3$/);
  });
});
