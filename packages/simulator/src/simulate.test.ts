import { describe, expect, it } from 'vitest';
import { topicCatalog, TOPICS } from '@vigil/events';
import type { Clock } from './pacing.ts';
import { paced } from './pacing.ts';
import type { SimulatedRecord } from './domain/ground-truth.ts';
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

  it('without a start, two runs never share an eventId; with one, they are the same events', async () => {
    const ids = async (options: Parameters<typeof simulate>[0]) => (await take(simulate({ accounts: 30, duration: '1h', scenarios: [], ...options }), 30)).map((r) => r.event.eventId);
    const first = await ids({ mode: 'live', clock: fakeClock() });
    const second = await ids({ mode: 'live', clock: fakeClock(Date.parse('2026-11-24T09:00:00.000Z')) });
    expect(first.filter((id) => second.includes(id))).toEqual([]);
    expect(first.every((id) => id.startsWith(`s42-${Date.parse('2026-11-24T08:00:00.000Z').toString(36)}-`))).toBe(true);
    const replays = await Promise.all([0, 1].map((hour) => ids({ mode: 'replay', clock: fakeClock(Date.parse('2026-11-24T08:00:00.000Z') + hour * 3_600_000) })));
    expect(replays[0]!.filter((id) => replays[1]!.includes(id))).toEqual([]);
    const start = '2026-11-20T08:00:00.000Z';
    expect(await ids({ mode: 'live', start, clock: fakeClock() })).toEqual(await ids({ mode: 'backlog', start, clock: fakeClock() }));
  });

  it('backlog, paced and replay: byte-identical events (ids, occurredAt, order) for the same seed and start, also with a topic delayed', async () => {
    const options = { seed: 8, accounts: 60, duration: '1h', warmup: '2h', start: '2026-11-20T08:00:00.000Z', scenarios: ['sim_swap' as const, 'ato' as const], episodesPerScenario: 1 };
    for (const delays of [{}, { [TOPICS.logins]: 3 * 60_000 }]) {
      const backlogClock = fakeClock();
      const backlog = await take(simulate({ ...options, delays, mode: 'backlog', clock: backlogClock }));
      const pacedClock = fakeClock();
      let flushes = 0;
      const paced = await take(simulate({ ...options, delays, mode: 'paced', rate: 200, clock: pacedClock, beforeWait: () => Promise.resolve(void flushes++) }));
      const replay = await take(simulate({ ...options, delays, mode: 'replay', clock: fakeClock(Date.parse('2030-01-01T00:00:00.000Z')) }));
      expect(backlog.length).toBeGreaterThan(50);
      expect(JSON.stringify(paced)).toBe(JSON.stringify(backlog));
      expect(JSON.stringify(replay)).toBe(JSON.stringify(backlog));
      // Only the wall clock differs: the backlog never waits, the paced run takes length/rate seconds.
      expect(backlogClock.sleeps).toEqual([]);
      expect(pacedClock.now() - Date.parse('2026-11-24T08:00:00.000Z')).toBeGreaterThanOrEqual(((backlog.length - 1) * 1000) / 200 - 5);
      expect(flushes).toBeGreaterThan(0);
    }
  });

  it('a delayed topic is produced behind the others by the delay in event time, whatever the rate, and flushed at the end', async () => {
    const options = { seed: 3, accounts: 60, duration: '1h', start: '2026-11-20T08:00:00.000Z', scenarios: ['sim_swap' as const], episodesPerScenario: 2, delays: { [TOPICS.logins]: 3 * 60_000 } };
    const fast = await take(simulate({ ...options, mode: 'paced', rate: 1_000, clock: fakeClock() }));
    const slow = await take(simulate({ ...options, mode: 'paced', rate: 10, clock: fakeClock() }));
    expect(JSON.stringify(slow)).toBe(JSON.stringify(fast));
    const undelayed = await take(simulate({ ...options, delays: {}, mode: 'backlog', clock: fakeClock() }));
    expect(JSON.stringify(fast)).not.toBe(JSON.stringify(undelayed));
    expect(new Set(fast.map((r) => r.event.eventId))).toEqual(new Set(undelayed.map((r) => r.event.eventId)));
    expectHeldBy(fast, 3 * 60_000);
  });

  it('refuses a rate in backlog mode and paced mode without one', async () => {
    await expect(take(simulate({ mode: 'backlog', rate: 10, accounts: 5, duration: '10m' }))).rejects.toThrow(RangeError);
    await expect(take(simulate({ mode: 'paced', accounts: 5, duration: '10m' }))).rejects.toThrow(RangeError);
  });

  it('live: a delayed topic is held by wall-clock event time (occurredAt is the emission time of its place in the stream)', async () => {
    const clock = fakeClock();
    const records = await take(simulate({ mode: 'live', rate: 10, accounts: 40, duration: '1h', scenarios: [], delays: { [TOPICS.logins]: 1_000 }, clock }));
    expect(records.some((r) => r.topic === TOPICS.logins)).toBe(true);
    expectHeldBy(records, 1_000);
  });
});

/** Each login comes out after every other record older than its time + delay and just before the first one at or past it (or at the end). */
function expectHeldBy(records: readonly SimulatedRecord[], delayMs: number): void {
  const at = (r: SimulatedRecord) => Date.parse(r.event.occurredAt);
  records.forEach((r, i) => {
    if (r.topic !== TOPICS.logins) return;
    const before = records.slice(0, i).filter((o) => o.topic !== TOPICS.logins);
    const next = records.slice(i + 1).find((o) => o.topic !== TOPICS.logins);
    for (const o of before) expect(at(o)).toBeLessThan(at(r) + delayMs);
    if (next !== undefined) expect(at(next)).toBeGreaterThanOrEqual(at(r) + delayMs);
  });
}
