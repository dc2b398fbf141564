import { describe, expect, it } from 'vitest';
import { hourBand, localTimeOfDay } from './hour-band.ts';

const at = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:00.000Z`);
const bands = (hhmm: string) => [hourBand(at(hhmm), false), hourBand(at(hhmm), true)];

describe('hourBand', () => {
  it('puts an instant in a two-hour band from an even hour and in one from an odd hour', () => {
    expect(bands('14:05')).toEqual(['14', '13']);
    expect(bands('15:59')).toEqual(['14', '15']);
    expect(bands('00:30')).toEqual(['0', '23']);
    expect(bands('23:30')).toEqual(['22', '23']);
  });

  it('shares a band with every time of day less than an hour away, none more than two hours away', () => {
    const hours = Array.from({ length: 24 * 4 }, (_, i) => i * 15);
    const label = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    for (const a of hours)
      for (const b of hours) {
        const apart = Math.min(Math.abs(a - b), 24 * 60 - Math.abs(a - b));
        const [evenA, oddA] = bands(label(a));
        const [evenB, oddB] = bands(label(b));
        const shared = evenA === evenB || oddA === oddB;
        if (apart < 60) expect(shared, `${label(a)} ~ ${label(b)}`).toBe(true);
        if (apart >= 120) expect(shared, `${label(a)} ~ ${label(b)}`).toBe(false);
      }
  });
});

describe('localTimeOfDay', () => {
  it("is the instant's time of day in the zone", () => {
    expect(localTimeOfDay(at('18:30'), 'Asia/Tokyo')).toBe('03:30');
    expect(localTimeOfDay(at('18:30'), 'Asia/Kolkata')).toBe('00:00');
    expect(localTimeOfDay(at('03:05'), 'America/New_York')).toBe('22:05');
  });
});
