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
});
