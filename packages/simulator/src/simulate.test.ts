import { describe, expect, it } from 'vitest';
import { topicCatalog } from '@vigil/events';
import type { Clock } from './pacing.ts';
import { paced } from './pacing.ts';
import { simulate } from './simulate.ts';

/** A clock that only moves when the code under test sleeps. */
function fakeClock(start = Date.parse('2026-11-24T08:00:00.000Z')): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

async function take<T>(items: AsyncIterable<T>, n = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

describe('paced', () => {
  it('spaces items at 1/rate and flushes before each pause', async () => {
    const clock = fakeClock();
    let flushes = 0;
    const items = await take(paced([1, 2, 3, 4, 5], { rate: 10, clock, signal: undefined, beforeWait: () => Promise.resolve(void flushes++) }));
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(clock.sleeps).toEqual([100, 100, 100, 100]);
    expect(flushes).toBe(4);
  });

  it('does not sleep without a rate, and stops when aborted', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const out: number[] = [];
    for await (const n of paced([1, 2, 3, 4], { rate: undefined, clock, beforeWait: undefined, signal: controller.signal })) {
      out.push(n);
      if (n === 2) controller.abort();
    }
    expect(out).toEqual([1, 2]);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('simulate', () => {
  it('replay: the same seed and start give the same events; occurredAt is simulated time', async () => {
    const options = { seed: 5, accounts: 30, duration: '1h', start: '2026-01-05T10:00:00.000Z', scenarios: ['brute_force' as const] };
    const a = await take(simulate(options));
    const b = await take(simulate(options));
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(10);
    expect(a.every((r) => r.event.occurredAt.startsWith('2026-01-05T1'))).toBe(true);
  });

  it('replay without a start ends by now, even when episodes are longer than the period', async () => {
    const clock = fakeClock();
    const records = await take(simulate({ accounts: 40, duration: '30m', scenarios: ['ato'], episodesPerScenario: 1, clock }));
    expect(records.some((r) => r.label.scenario === 'ato')).toBe(true);
    for (const r of records) {
      expect(Date.parse(r.event.occurredAt)).toBeGreaterThanOrEqual(clock.now() - 75 * 60_000);
      expect(Date.parse(r.event.occurredAt)).toBeLessThanOrEqual(clock.now());
    }
  });

  it('live: stamps occurredAt (event and label) with the clock at emission, paced at the rate', async () => {
    const clock = fakeClock();
    const startedAt = clock.now();
    const records = await take(simulate({ mode: 'live', rate: 50, accounts: 50, duration: '2h', scenarios: ['card_testing'], clock }), 20);
    records.forEach((r, i) => {
      expect(r.event.occurredAt).toBe(new Date(startedAt + i * 20).toISOString());
      expect(r.label.occurredAt).toBe(r.event.occurredAt);
      expect(topicCatalog[r.topic].safeParse(r.event).success).toBe(true);
    });
  });
});
