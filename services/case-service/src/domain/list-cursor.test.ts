import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './list-cursor.ts';

const cursor = {
  order: 'most_severe' as const,
  severityRank: 3,
  createdAt: '2026-11-24T07:00:00.123456Z',
  caseId: '3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b',
};

describe('page tokens', () => {
  it('round-trip with microsecond precision', () => {
    expect(decodeCursor(encodeCursor(cursor), 'most_severe')).toEqual({ ok: true, cursor });
  });

  it('reject a token from another order, garbage and tampered fields', () => {
    expect(decodeCursor(encodeCursor(cursor), 'newest')).toEqual({
      ok: false,
      problem: expect.stringMatching(/different order/) as string,
    });
    expect(decodeCursor('%%%', 'newest').ok).toBe(false);
    const tampered = Buffer.from(
      JSON.stringify({ o: 'newest', s: 1, c: "2026'; --", i: cursor.caseId }),
    ).toString('base64url');
    expect(decodeCursor(tampered, 'newest').ok).toBe(false);
  });
});
