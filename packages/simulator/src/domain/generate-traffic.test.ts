import { describe, expect, it } from 'vitest';
import { topicCatalog, TOPICS, type LoginEvent, type TransactionEvent } from '@vigil/events';
import { TIER_LIMITS_USD } from './amounts.ts';
import { benignAccountStream } from './benign-account.ts';
import { HOUR } from './duration.ts';
import { generateTraffic } from './generate-traffic.ts';
import type { SimulatedRecord } from './ground-truth.ts';
import { createPopulation } from './population.ts';
import { Prng } from './prng.ts';
import type { TrafficOptionsInput } from './traffic-options.ts';
import { COUNTRIES, distanceKm } from './world/countries.ts';

const START = '2026-11-20T00:00:00.000Z';
const run = (options: Partial<TrafficOptionsInput> = {}) =>
  [...generateTraffic({ seed: 42, accounts: 150, start: START, duration: '2h', episodesPerScenario: 2, ...options }).records].map((p) => p.record);
const currencies = new Set(COUNTRIES.map((c) => c.currency));

describe('generateTraffic', () => {
  const records = run({ warmup: '1d' });

  it('is deterministic for a seed and start, and differs for another seed', () => {
    expect(JSON.stringify(run({ warmup: '1d' }))).toBe(JSON.stringify(records));
    expect(JSON.stringify(run({ seed: 43, warmup: '1d' }))).not.toBe(JSON.stringify(records));
  });

  it('emits only events valid against the packages/events schemas, in real currencies', () => {
    expect(records.length).toBeGreaterThan(500);
    for (const { topic, event } of records) {
      expect(topicCatalog[topic].parse(event)).toEqual(event);
      expect(event.schemaVersion).toBe(1);
      expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      if (topic === TOPICS.transactions) {
        expect(Number.isInteger(event.amount.minor)).toBe(true);
        expect(currencies).toContain(event.amount.currency);
      }
    }
  });

  it('gives every event a unique id and a label naming the same event and account', () => {
    expect(new Set(records.map((r) => r.event.eventId)).size).toBe(records.length);
    for (const { topic, event, label } of records) {
      expect(label).toMatchObject({ eventId: event.eventId, accountId: event.accountId, topic, occurredAt: event.occurredAt });
      if (label.label === 'attack') expect(label.episodeId).toMatch(new RegExp(`^s42-${label.scenario}-\\d+$`));
      else expect(label.scenario).toBe('benign');
    }
  });

  it('emits in occurredAt order (so each account is in order) and marks history before start as warm-up', () => {
    const times = records.map((r) => Date.parse(r.event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const r of records) expect(r.label.warmup === true).toBe(Date.parse(r.event.occurredAt) < Date.parse(START));
    expect(records.filter((r) => r.label.label === 'attack').every((r) => r.label.warmup !== true)).toBe(true);
  });

  it('keeps benign streams unchanged when scenarios are added or removed', () => {
    // Customers' own streams have ids s42-b<account>-<n>; episodes have their own prefixes.
    const customers = (rs: SimulatedRecord[]) => JSON.stringify(rs.filter((r) => r.event.eventId.startsWith('s42-b')));
    const withAttacks = run({ scenarios: ['card_testing', 'ato', 'impossible_travel'] });
    expect(withAttacks.some((r) => r.label.label === 'attack')).toBe(true);
    expect(customers(withAttacks)).toBe(customers(run({ scenarios: [] })));
  });

  it('schedules the requested number of episodes per scenario inside the period', () => {
    const { episodes } = generateTraffic({ seed: 1, accounts: 40, start: START, duration: '3h', episodesPerScenario: 3, scenarios: ['ato', 'brute_force'] });
    expect(episodes.map((e) => e.scenario)).toEqual(['ato', 'ato', 'ato', 'brute_force', 'brute_force', 'brute_force']);
    for (const e of episodes) expect(e.startsAt - Date.parse(START)).toBeLessThan(3 * HOUR);
  });
});

describe('benign account streams', () => {
  it('are each in time order and end inside the period (the merge relies on it)', () => {
    const start = Date.parse(START);
    const end = start + 3 * 86_400_000;
    for (const account of createPopulation(8, 's8', 300, start)) {
      const times = [...benignAccountStream(account, new Prng(8, `traffic:${account.index}`), 's8', start, end)].map((p) => p.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const t of times) {
        expect(t).toBeGreaterThanOrEqual(start);
        expect(t).toBeLessThan(end);
      }
    }
  });
});

describe('benign traffic looks like customers', () => {
  // Three weeks of 200 customers: enough trips, typos and declines to measure shares.
  const benign = run({ accounts: 200, duration: '21d', scenarios: [] });
  const tx = benign.flatMap((r) => (r.topic === TOPICS.transactions ? [r.event] : []));
  const logins = benign.flatMap((r) => (r.topic === TOPICS.logins ? [r.event] : []));

  it('declines a few percent of payments', () => {
    const payments = tx.filter((t) => t.type === 'payment');
    const share = payments.filter((t) => t.status === 'declined').length / payments.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.05);
  });

  it('follows the local time of day: evenings busier than small hours', () => {
    const localHour = (t: TransactionEvent | LoginEvent) => {
      const offset = COUNTRIES.find((c) => c.code === t.geo?.country)?.utcOffsetHours ?? 0;
      return Math.floor((((Date.parse(t.occurredAt) / HOUR + offset) % 24) + 24) % 24);
    };
    const hours = [...tx, ...logins].map(localHour);
    const evening = hours.filter((h) => h >= 18 && h < 21).length;
    const night = hours.filter((h) => h >= 2 && h < 5).length;
    expect(evening).toBeGreaterThan(night * 10);
  });

  it('stays under the tier per-payment limit', () => {
    for (const t of tx.filter((e) => e.type === 'payment' || e.type === 'transfer')) {
      const country = COUNTRIES.find((c) => c.currency === t.amount.currency);
      const usd = t.amount.minor / 10 ** (country?.minorDigits ?? 2) / (country?.perUsd ?? 1);
      expect(usd).toBeLessThanOrEqual(TIER_LIMITS_USD[t.account?.tier ?? 'basic'].perPayment);
    }
  });

  it('mistypes passwords now and then: a failure followed by a success on the same device within a minute', () => {
    const failures = logins.filter((l) => l.outcome === 'failure');
    expect(failures.length).toBeGreaterThan(20);
    for (const f of failures.slice(0, 20)) {
      const next = logins.find((l) => l.accountId === f.accountId && l.outcome === 'success' && Date.parse(l.occurredAt) > Date.parse(f.occurredAt));
      expect(next?.device?.id).toBe(f.device?.id);
      expect(Date.parse(next?.occurredAt ?? '') - Date.parse(f.occurredAt)).toBeLessThanOrEqual(60_000);
    }
  });

  it('travels abroad at plausible speeds (never ≥ 900 km/h between successful logins)', () => {
    const last = new Map<string, LoginEvent>();
    let abroad = 0;
    for (const l of logins.filter((e) => e.outcome === 'success')) {
      const prev = last.get(l.accountId);
      if (prev?.geo?.lat !== undefined && prev.geo.lon !== undefined && l.geo?.lat !== undefined && l.geo.lon !== undefined) {
        const km = distanceKm({ lat: prev.geo.lat, lon: prev.geo.lon }, { lat: l.geo.lat, lon: l.geo.lon });
        const hours = (Date.parse(l.occurredAt) - Date.parse(prev.occurredAt)) / HOUR;
        if (km > 300) {
          abroad++;
          expect(km / hours).toBeLessThan(900);
        }
      }
      last.set(l.accountId, l);
    }
    expect(abroad).toBeGreaterThan(5);
  });

  it('replaces phones occasionally: some accounts log in from a second phone later', () => {
    const devicesByAccount = new Map<string, Set<string>>();
    for (const l of logins) devicesByAccount.set(l.accountId, (devicesByAccount.get(l.accountId) ?? new Set()).add(l.device?.id ?? ''));
    const multi = [...devicesByAccount.values()].filter((s) => s.size >= 2).length;
    expect(multi).toBeGreaterThan(10);
  });

  it('pays known beneficiaries over P2P, with merchants carrying MCCs', () => {
    const p2p = tx.filter((t) => t.channel === 'p2p');
    expect(p2p.length).toBeGreaterThan(50);
    expect(p2p.every((t) => t.beneficiary !== undefined)).toBe(true);
    const repeatShare = p2p.filter((t, i) => p2p.slice(0, i).some((o) => o.accountId === t.accountId && o.beneficiary?.id === t.beneficiary?.id)).length / p2p.length;
    expect(repeatShare).toBeGreaterThan(0.5);
    expect(tx.filter((t) => t.type === 'payment').every((t) => /^\d{4}$/.test(t.merchant?.mcc ?? ''))).toBe(true);
  });
});
