import { describe, expect, it } from 'vitest';
import { effectiveOutcomes, type DecisionView } from './effective-outcomes.ts';

// The decisions topic has partitions: a follow-up about an event (published by the unit that
// found it) can be read before that event's own decision, or before an earlier follow-up.
const own: DecisionView = { eventId: 'e1', outcome: 'challenge' };
const followUp = (
  eventId: string,
  outcome: DecisionView['outcome'],
  minute: number,
): DecisionView => ({
  eventId,
  outcome,
  followUp: {
    kind: 'retro_hunt',
    eventId: 'e1',
    triggeredAt: `2026-11-20T00:${String(minute).padStart(2, '0')}:00.000Z`,
  },
});
const review = followUp('fu-a', 'review', 10);
const challenge = followUp('fu-b', 'challenge', 5);
const block = followUp('fu-c', 'block', 20);

describe('effectiveOutcomes', () => {
  it('counts the follow-ups that raised an outcome the same in whatever order they are read', () => {
    const orders = [
      [own, challenge, review, block],
      [block, review, challenge, own],
      [review, own, block, challenge],
    ];
    const tallies = orders.map((order) => effectiveOutcomes(order).followUps);
    // The challenge (5 min) does not raise the own challenge; the review (10) and the block (20) do.
    for (const tally of tallies) expect(tally).toMatchObject({ total: 3, events: 1, raised: 2 });
    for (const order of orders)
      expect(effectiveOutcomes(order).byEvent.get('e1')?.outcome).toBe('block');
  });

  it('a follow-up about an event with no decision of its own raises it from allow', () => {
    expect(effectiveOutcomes([challenge]).followUps).toMatchObject({
      raised: 1,
      withoutOriginal: 1,
    });
  });

  // An at-least-once publisher repeats decisions after a crash: the same decision, read again.
  describe('an eventId decided again', () => {
    const first: DecisionView = { eventId: 'e2', decisionId: 'd2', outcome: 'review' };

    it('is a repeated delivery when it is the same decision (decisionId and outcome): counted once', () => {
      const result = effectiveOutcomes([first, { ...first }, own, { ...first }]);
      expect(result).toMatchObject({ duplicates: 0, repeatedDeliveries: 2 });
      expect(result.byEvent.get('e2')).toMatchObject({ outcome: 'review', flaggedBy: [first] });
    });

    it('is a duplicate when another decision is about it, or the same id says otherwise', () => {
      const other: DecisionView = { eventId: 'e2', decisionId: 'd2-again', outcome: 'review' };
      const changed: DecisionView = { eventId: 'e2', decisionId: 'd2', outcome: 'block' };
      const result = effectiveOutcomes([first, other, changed]);
      expect(result).toMatchObject({ duplicates: 2, repeatedDeliveries: 0 });
      // The first counts: the block that came later is not this event's outcome.
      expect(result.byEvent.get('e2')?.outcome).toBe('review');
    });

    it('is a duplicate when the decisions carry no decisionId to tell them apart', () => {
      expect(effectiveOutcomes([own, { ...own }])).toMatchObject({
        duplicates: 1,
        repeatedDeliveries: 0,
      });
    });
  });
});
