import { describe, expect, it } from 'vitest';
import { T0, lastOf, login, ruleIds, ruleSetOf } from '../test-helpers.ts';

const HOUR = 3_600_000;
const rs = ruleSetOf([
  {
    id: 'travel',
    type: 'impossible-travel',
    mode: 'enforce',
    score: 60,
    params: {
      tiers: [{ atLeast: 900 }, { atLeast: 3000, score: 80, outcome: 'review' }],
      minDistanceKm: 300,
    },
  },
]);
const TOKYO = { country: 'JP', lat: 35.6762, lon: 139.6503 };
const OSAKA = { country: 'JP', lat: 34.6937, lon: 135.5023 };
const LONDON = { country: 'GB', lat: 51.5074, lon: -0.1278 };
const at = (geo: typeof TOKYO, time: number, outcome: 'success' | 'failure' = 'success') =>
  login({
    geo,
    at: time,
    outcome,
    failureReason: outcome === 'failure' ? 'bad_password' : undefined,
  });

describe('impossible-travel rule', () => {
  it('Tokyo → London in one hour is ~9,560 km/h: review', async () => {
    const evaluation = await lastOf(rs, [at(TOKYO, T0), at(LONDON, T0 + HOUR)]);
    expect(evaluation.reasons[0]?.score).toBe(80);
    expect(evaluation.outcome).toBe('review');
    expect(evaluation.reasons[0]?.observed).toBeGreaterThan(9_500);
  });

  it('speed edges around 900 km/h (Tokyo → Osaka ≈ 397 km)', async () => {
    expect(ruleIds(await lastOf(rs, [at(TOKYO, T0), at(OSAKA, T0 + HOUR)]))).toEqual([]);
    // 397 km in 26 min ≈ 916 km/h; in 27 min ≈ 882 km/h.
    expect(ruleIds(await lastOf(rs, [at(TOKYO, T0), at(OSAKA, T0 + 26 * 60_000)]))).toEqual([
      'travel',
    ]);
    expect(ruleIds(await lastOf(rs, [at(TOKYO, T0), at(OSAKA, T0 + 27 * 60_000)]))).toEqual([]);
  });

  it('ignores short hops, failed logins and the first login', async () => {
    const near = { country: 'JP', lat: 35.9, lon: 139.9 };
    expect(ruleIds(await lastOf(rs, [at(TOKYO, T0), at(near, T0 + 60_000)]))).toEqual([]);
    expect(ruleIds(await lastOf(rs, [at(TOKYO, T0, 'failure'), at(LONDON, T0 + HOUR)]))).toEqual(
      [],
    );
    expect(ruleIds(await lastOf(rs, [at(LONDON, T0)]))).toEqual([]);
  });
});
