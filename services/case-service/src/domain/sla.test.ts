import { describe, expect, it } from 'vitest';
import { computeSla } from './sla.ts';

const at = (s: string) => new Date(`2026-11-24T${s}Z`);

describe('computeSla', () => {
  it('measures age to now and time to first action while open', () => {
    expect(
      computeSla(
        { createdAt: at('07:00:00'), firstActionAt: at('07:05:00'), resolvedAt: undefined },
        at('08:00:00'),
      ),
    ).toEqual({
      ageSeconds: 3600,
      firstActionAt: at('07:05:00'),
      timeToFirstActionSeconds: 300,
      timeToResolutionSeconds: undefined,
    });
  });

  it('stops the age at resolution', () => {
    const sla = computeSla(
      { createdAt: at('07:00:00'), firstActionAt: undefined, resolvedAt: at('07:30:00') },
      at('09:00:00'),
    );
    expect(sla.ageSeconds).toBe(1800);
    expect(sla.timeToResolutionSeconds).toBe(1800);
    expect(sla.timeToFirstActionSeconds).toBeUndefined();
  });
});
