import { describe, expect, it } from 'vitest';
import { emptyTally, originalEventId, tallyDecision } from './decision-tally.ts';

const decision = (eventId: string, outcome: string, followUp?: object) => ({
  eventId,
  decisionId: `dec-${eventId}`,
  outcome,
  ...(followUp ? { followUp } : {}),
});

describe('tallyDecision', () => {
  it('counts originals by outcome, follow-ups apart, and keeps the flagged decision ids', () => {
    const tally = emptyTally();
    const followUpIds = new Set<string>();
    for (const value of [
      decision('e1', 'allow'),
      decision('e2', 'challenge'),
      decision('e3', 'block'),
      decision('f1', 'review', { kind: 'late_event', eventId: 'e1' }),
      decision('f1', 'review', { kind: 'late_event', eventId: 'e1' }),
      { nonsense: true },
    ])
      tallyDecision(tally, followUpIds, value);
    expect(tally.outcomes).toEqual({ allow: 1, challenge: 1, review: 0, block: 1 });
    expect(tally).toMatchObject({ followUps: 1, duplicateFollowUps: 1, read: 6, unreadable: 1 });
    expect(tally.followUpKinds).toEqual({ late_event: 1 });
    expect([...tally.flagged]).toEqual([
      ['dec-e2', 'challenge'],
      ['dec-e3', 'block'],
      ['dec-f1', 'review'],
    ]);
  });

  it('matches latency by the eventId of originals only', () => {
    expect(originalEventId(decision('e1', 'allow'))).toBe('e1');
    expect(originalEventId(decision('f1', 'review', { kind: 'retro_hunt' }))).toBeUndefined();
  });
});
