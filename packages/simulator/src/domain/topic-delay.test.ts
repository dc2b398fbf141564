import { describe, expect, it } from 'vitest';
import { TOPICS } from '@vigil/events';
import { EventWriter } from './event-writer.ts';
import { generateTraffic } from './generate-traffic.ts';
import { BENIGN, type SimulatedRecord } from './ground-truth.ts';
import { createTopicDelay, delayTopics } from './topic-delay.ts';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const s = (n: number) => T0 + n * 1_000;
const writer = new EventWriter('d', BENIGN);
const login = (t: number) => writer.login(t, 'acct', { outcome: 'success', method: 'passkey' }).record;
const change = (t: number) => writer.change(t, 'acct', { change: 'phone_changed' }).record;
const ids = (rs: readonly SimulatedRecord[]) => rs.map((r) => r.event.eventId);

describe('createTopicDelay', () => {
  it('holds a topic until event time is past its occurredAt by the delay, releases it ahead of that record, flushes the rest', () => {
    const [l1, c1, l2, c2, c3, l3] = [login(s(0)), change(s(10)), login(s(20)), change(s(29)), change(s(30)), login(s(40))];
    const delay = createTopicDelay({ [TOPICS.logins]: 30_000 });
    expect(ids(delay.push(l1))).toEqual([]);
    expect(ids(delay.push(c1))).toEqual([c1.event.eventId]);
    expect(ids(delay.push(l2))).toEqual([]);
    expect(delay.held()).toBe(2);
    expect(ids(delay.push(c2))).toEqual([c2.event.eventId]); // 29 s after l1: not yet
    expect(ids(delay.push(c3))).toEqual([l1.event.eventId, c3.event.eventId]); // 30 s: l1 goes first
    expect(ids(delay.push(l3))).toEqual([]);
    expect(ids(delay.flush())).toEqual([l2.event.eventId, l3.event.eventId]);
    expect(delay.held()).toBe(0);
  });

  it('with several delayed topics, releases by release time, then in the order held', () => {
    const [l1, c1, l2] = [login(s(0)), change(s(0)), login(s(5))];
    const out = [...delayTopics([l1, c1, l2, login(s(100))], { [TOPICS.logins]: 10_000, [TOPICS.accountChanges]: 10_000 })];
    expect(ids(out).slice(0, 3)).toEqual(ids([l1, c1, l2]));
  });

  it('refuses unknown topics and negative delays', () => {
    expect(() => createTopicDelay({ ['payments.refunds.v1' as typeof TOPICS.logins]: 1 })).toThrow(RangeError);
    expect(() => createTopicDelay({ [TOPICS.logins]: -1 })).toThrow(RangeError);
  });

  it('on real traffic: same records, each delayed one produced after the stream passed its time + delay, others in their order', () => {
    const traffic = [...generateTraffic({ seed: 4, accounts: 80, duration: '2h', start: '2026-11-20T00:00:00.000Z', scenarios: ['sim_swap', 'ato'], episodesPerScenario: 2 }).records].map((p) => p.record);
    const delayMs = 10 * 60_000;
    const out = [...delayTopics(traffic, { [TOPICS.accountChanges]: delayMs })];
    expect(out).toHaveLength(traffic.length);
    expect(new Set(out)).toEqual(new Set(traffic));
    const others = (rs: SimulatedRecord[]) => ids(rs.filter((r) => r.topic !== TOPICS.accountChanges));
    expect(others(out)).toEqual(others(traffic));
    expect(ids(out.filter((r) => r.topic === TOPICS.accountChanges))).toEqual(ids(traffic.filter((r) => r.topic === TOPICS.accountChanges)));
    const last = Date.parse(traffic.at(-1)!.event.occurredAt);
    let latest = Number.NEGATIVE_INFINITY;
    for (const [i, r] of out.entries()) {
      const at = Date.parse(r.event.occurredAt);
      if (r.topic === TOPICS.accountChanges && at + delayMs <= last) {
        // Released by the first record at or past at + delay, which comes right after it.
        const next = out.slice(i + 1).find((o) => o.topic !== TOPICS.accountChanges);
        expect(Date.parse(next!.event.occurredAt)).toBeGreaterThanOrEqual(at + delayMs);
        expect(latest).toBeLessThan(at + delayMs);
      }
      if (r.topic !== TOPICS.accountChanges) latest = Math.max(latest, at);
    }
    // 10 minutes is longer than any sim_swap: each withdrawal now comes before its phone change.
    const swaps = traffic.filter((r) => r.label.scenario === 'sim_swap');
    const phoneChange = swaps.find((r) => r.topic === TOPICS.accountChanges)!;
    const withdrawal = swaps.find((r) => r.topic === TOPICS.transactions && r.event.accountId === phoneChange.event.accountId)!;
    expect(out.indexOf(withdrawal)).toBeLessThan(out.indexOf(phoneChange));
  });
});
