import { describe, expect, it } from 'vitest';
import { faultGaps, faultTable } from './fault-gaps.ts';

/** Fault A at 10 s and B at 20 s of traffic that started at 0 and ended at `endedAt`. */
const twoFaults = (
  sentAt: ReadonlyMap<string, number>,
  decidedAt: ReadonlyMap<string, number>,
  endedAt: number,
) =>
  faultGaps({
    faults: [
      { name: 'A', at: 10_000 },
      { name: 'B', at: 20_000 },
    ],
    trafficStartedAt: 0,
    trafficEndedAt: endedAt,
    sentAt,
    decidedAt,
  });

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
    const gaps = twoFaults(sentAt, decidedAt, 30_000);
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

  it('counts an event still waiting when the next fault hit for that fault', () => {
    const sentAt = new Map([
      ['settled', 12_000], // decided before B: A's
      ['caught', 18_000], // sent around A, still waiting when B hit at 20 s: B's
      ['lost', 18_500], // never decided: stays with A, where it was sent
      ['early', 5_000], // before A's lead, still waiting when A hit: A's
    ]);
    const decidedAt = new Map([
      ['settled', 12_500],
      ['caught', 50_000],
      ['early', 10_500],
    ]);
    const gaps = twoFaults(sentAt, decidedAt, 60_000);
    expect(gaps[0]).toMatchObject({ events: 3, maxMs: 5_500, undecided: 1 });
    expect(gaps[1]).toMatchObject({ events: 1, maxMs: 32_000, undecided: 0 });
  });
});
