import { describe, expect, it } from 'vitest';
import { faultGaps, faultTable } from './fault-gaps.ts';

describe('faultGaps', () => {
  it('attributes events from 1 s before a fault up to the next one, and counts undecided ones', () => {
    const sentAt = new Map([
      ['early', 1_000], // before the first fault's lead: nobody's
      ['lead', 9_500], // 0.5 s before fault A: A's
      ['a', 10_000],
      ['b', 20_500], // B's lead starts at 19 s
      ['lost', 25_000],
    ]);
    const decidedAt = new Map([
      ['early', 1_010],
      ['lead', 17_500],
      ['a', 10_100],
      ['b', 20_600],
    ]);
    const gaps = faultGaps({
      faults: [
        { name: 'A', at: 10_000 },
        { name: 'B', at: 20_000 },
      ],
      trafficStartedAt: 0,
      trafficEndedAt: 30_000,
      sentAt,
      decidedAt,
    });
    expect(gaps[0]).toMatchObject({
      fault: 'A',
      atSeconds: 10,
      events: 2,
      maxMs: 8_000,
      undecided: 0,
    });
    expect(gaps[1]).toMatchObject({ fault: 'B', events: 2, maxMs: 100, undecided: 1 });
    expect(faultTable(gaps)).toContain('| A | 10 | 2 | 8.0 / 8.0 / 8.0 |');
  });
});
