import { describe, expect, it } from 'vitest';
import type { DecisionView } from './effective-outcomes.ts';
import { findInversions } from './inversions.ts';

const at = (hhmm: string) => `2026-11-20T${hhmm}:00.000Z`;
const scored = (eventId: string, accountId: string, hhmm: string): DecisionView => ({ eventId, outcome: 'allow', accountId, occurredAt: at(hhmm) });

describe('findInversions', () => {
  it('counts events decided after a later event of their account, in the order given', () => {
    const decisions: DecisionView[] = [
      scored('x1', 'X', '10:00'), scored('x3', 'X', '10:10'),
      scored('x2', 'X', '10:05'), // after x3, older: an inversion (5 min back)
      scored('x4', 'X', '10:10'), // same time as the latest: in order
      { ...scored('fu', 'X', '09:00'), followUp: { kind: 'late_event', eventId: 'x1' } }, // follow-ups are not scored events
      scored('x1', 'X', '10:00'), // a repeated eventId is not a second scoring
      { eventId: 'y2', outcome: 'allow' }, // account and time from the labels
      { eventId: 'y1', outcome: 'challenge' }, // an hour older than y2: an inversion
      { eventId: 'unknown', outcome: 'allow' }, // nowhere to place it: not checked
      scored('z1', 'Z', '08:00'), // another account's older event is no inversion
    ];
    const labels = new Map([['y1', { accountId: 'Y', occurredAt: at('08:00') }], ['y2', { accountId: 'Y', occurredAt: at('09:00') }]]);
    const report = findInversions(decisions, (id) => labels.get(id));
    expect(report).toEqual({
      checked: 7, count: 2, accounts: 2, maxLagMs: 3_600_000,
      examples: [
        { accountId: 'X', eventId: 'x2', occurredAt: at('10:05'), after: { eventId: 'x3', occurredAt: at('10:10') }, lagMs: 300_000 },
        { accountId: 'Y', eventId: 'y1', occurredAt: at('08:00'), after: { eventId: 'y2', occurredAt: at('09:00') }, lagMs: 3_600_000 },
      ],
    });
  });

  it('keeps the latest event as the reference after an inversion', () => {
    const report = findInversions([scored('a', 'X', '10:00'), scored('c', 'X', '10:20'), scored('b', 'X', '10:10'), scored('d', 'X', '10:15')]);
    expect(report.count).toBe(2);
    expect(report.examples.map((e) => e.after.eventId)).toEqual(['c', 'c']);
  });
});
