import { describe, expect, it } from 'vitest';
import { breachedBefore, slaClock } from './sla-clock.ts';

const opened = '2026-12-01T08:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('slaClock', () => {
  it('is due the target after opening, and breached from then on', () => {
    expect(slaClock(opened, null, 3_600, at('2026-12-01T08:59:59.000Z'))).toEqual({
      dueAt: '2026-12-01T09:00:00.000Z',
      breached: false,
    });
    expect(slaClock(opened, null, 3_600, at('2026-12-01T09:00:00.000Z'))?.breached).toBe(true);
  });

  it('stops for a resolved case', () => {
    expect(slaClock(opened, '2026-12-01T10:00:00.000Z', 3_600, at('2026-12-02T00:00:00Z'))).toBe(
      null,
    );
  });

  it('gives the opening time before which cases are breached now', () => {
    expect(breachedBefore(3_600, at('2026-12-01T09:30:00.000Z'))).toBe('2026-12-01T08:30:00.000Z');
  });
});
