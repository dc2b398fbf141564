import { describe, expect, it } from 'vitest';
import { TOPICS } from '@vigil/events';
import { generateTraffic } from '../generate-traffic.ts';
import { countryByCode } from './countries.ts';

const purchases = (seed: number) =>
  [
    ...generateTraffic({
      seed,
      accounts: 600,
      start: '2026-11-20T00:00:00.000Z',
      duration: '1d',
      scenarios: [],
    }).records,
  ]
    .map((p) => p.record)
    .flatMap((r) =>
      r.topic === TOPICS.transactions && r.event.type === 'payment' && r.label.market !== undefined
        ? [
            {
              market: r.label.market,
              minor: r.event.amount.minor,
              currency: r.event.amount.currency,
            },
          ]
        : [],
    );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const usd = (p: { market: string; minor: number }) => {
  const c = countryByCode(p.market);
  return p.minor / 10 ** c.minorDigits / c.perUsd;
};

describe('per-market spending', () => {
  const first = purchases(5);

  it('is deterministic per seed and differs between seeds', () => {
    expect(purchases(5)).toEqual(first);
    expect(purchases(6)).not.toEqual(first);
  });

  it('labels every benign payment with its market and pays in the market currency', () => {
    for (const p of first) expect(p.currency).toBe(countryByCode(p.market).currency);
    expect(new Set(first.map((p) => p.market))).toEqual(
      new Set(['JP', 'US', 'CN', 'GB', 'DE', 'FR', 'SG', 'KR', 'BR', 'IN']),
    );
  });

  it('makes ¥5,000–¥200,000 ordinary in Japan: larger tickets than the US at the exchange rate', () => {
    const jp = first.filter((p) => p.market === 'JP').map((p) => p.minor);
    expect(jp.filter((y) => y >= 5_000 && y <= 200_000).length / jp.length).toBeGreaterThan(0.3);
    expect(jp.some((y) => y >= 100_000)).toBe(true);
    const us = first.filter((p) => p.market === 'US');
    expect(
      median(first.filter((p) => p.market === 'JP').map(usd)) / median(us.map(usd)),
    ).toBeGreaterThan(1.5);
  });
});
