import { describe, expect, it } from 'vitest';
import { TOPICS, type LoginEvent, type TransactionEvent } from '@vigil/events';
import { HOUR, MINUTE, SECOND } from './duration.ts';
import { generateTraffic } from './generate-traffic.ts';
import type { SimulatedRecord } from './ground-truth.ts';
import type { TrafficOptionsInput } from './traffic-options.ts';
import { distanceKm } from './world/countries.ts';

const START = '2026-11-20T00:00:00.000Z';
const run = (options: Partial<TrafficOptionsInput> = {}) =>
  [...generateTraffic({ seed: 21, accounts: 300, start: START, duration: '6h', warmup: '1d', scenarios: [], chainShare: 0.2, ...options }).records].map((p) => p.record);
const ms = (e: { occurredAt: string }) => Date.parse(e.occurredAt);

describe('benign chains', () => {
  const records = run();
  const chains = new Map<string, SimulatedRecord[]>();
  for (const r of records) if (r.label.chain !== undefined) chains.set(r.event.accountId, [...(chains.get(r.event.accountId) ?? []), r]);
  const ofKind = (kind: string) => [...chains.values()].filter((steps) => steps[0]?.label.chain === kind);

  it('put a share of customers through one chain in the measured period, labelled benign and named', () => {
    expect(ofKind('new_phone').length).toBeGreaterThan(10);
    expect(ofKind('travel').length).toBeGreaterThan(10);
    for (const steps of chains.values()) {
      expect(new Set(steps.map((s) => s.label.chain)).size).toBe(1);
      for (const s of steps) {
        expect(s.label).toMatchObject({ label: 'benign', scenario: 'benign', episodeId: null });
        expect(s.label.warmup).toBeUndefined();
      }
    }
  });

  it('new phone: a login from a device the account never used, then 1-3 purchases from it (30 s-5 min, then 1-8 min apart); the phone stays', () => {
    let later = 0;
    let onNewPhone = 0;
    for (const steps of ofKind('new_phone')) {
      const [login, ...payments] = steps.map((s) => s.event) as [LoginEvent, ...TransactionEvent[]];
      expect(steps[0]?.topic).toBe(TOPICS.logins);
      expect(login.outcome).toBe('success');
      expect(records.some((r) => r.event.accountId === login.accountId && ms(r.event) < ms(login) && 'device' in r.event && r.event.device?.id === login.device?.id)).toBe(false);
      expect(payments.length).toBeGreaterThanOrEqual(1);
      expect(payments.length).toBeLessThanOrEqual(3);
      let previous = ms(login);
      for (const [i, p] of payments.entries()) {
        expect(steps.find((s) => s.event === p)?.topic).toBe(TOPICS.transactions);
        expect(p.device?.id).toBe(login.device?.id);
        expect(ms(p) - previous).toBeGreaterThanOrEqual(i === 0 ? 30 * SECOND : MINUTE);
        expect(ms(p) - previous).toBeLessThanOrEqual(i === 0 ? 5 * MINUTE : 8 * MINUTE);
        previous = ms(p);
      }
      const after = records.filter((r) => r.event.accountId === login.accountId && r.topic === TOPICS.logins && ms(r.event) > previous);
      later += after.length;
      onNewPhone += after.filter((r) => (r.event as LoginEvent).device?.id === login.device?.id).length;
    }
    // The customer's own sessions go on from the new phone (most sessions use the phone).
    expect(later).toBeGreaterThan(5);
    expect(onNewPhone / later).toBeGreaterThan(0.6);
  });

  it('travel: a login from another country after a plausible flight, an in-app purchase there 1-20 min later, a card-present one 10-40 min after that', () => {
    for (const steps of ofKind('travel')) {
      expect(steps.map((s) => s.topic)).toEqual([TOPICS.logins, TOPICS.transactions, TOPICS.transactions]);
      const [login, app, pos] = steps.map((s) => s.event) as [LoginEvent, TransactionEvent, TransactionEvent];
      const home = pos.account?.country;
      expect(login.geo?.country).not.toBe(home);
      expect(app.geo?.country).toBe(login.geo?.country);
      expect(app.ip).toBe(login.ip);
      expect(app.merchant?.country).toBe(login.geo?.country);
      expect(pos).toMatchObject({ channel: 'pos', merchant: { country: login.geo?.country } });
      expect(ms(app) - ms(login)).toBeGreaterThanOrEqual(MINUTE);
      expect(ms(app) - ms(login)).toBeLessThanOrEqual(20 * MINUTE);
      expect(ms(pos) - ms(app)).toBeGreaterThanOrEqual(10 * MINUTE);
      expect(ms(pos) - ms(app)).toBeLessThanOrEqual(40 * MINUTE);
      const before = records.filter((r): r is Extract<SimulatedRecord, { topic: typeof TOPICS.logins }> => r.topic === TOPICS.logins && r.event.accountId === login.accountId && r.event.outcome === 'success' && ms(r.event) < ms(login)).at(-1)?.event;
      if (before?.geo?.lat !== undefined && before.geo.lon !== undefined && login.geo?.lat !== undefined && login.geo.lon !== undefined) {
        const km = distanceKm({ lat: before.geo.lat, lon: before.geo.lon }, { lat: login.geo.lat, lon: login.geo.lon });
        expect(km / ((ms(login) - ms(before)) / HOUR)).toBeLessThan(900);
      }
    }
  });

  it('leave every customer without a chain exactly as without chains, and chainShare 0 adds none', () => {
    const without = run({ chainShare: 0 });
    expect(without.some((r) => r.label.chain !== undefined)).toBe(false);
    const others = (rs: SimulatedRecord[]) => JSON.stringify(rs.filter((r) => !chains.has(r.event.accountId)));
    expect(others(records)).toBe(others(without));
  });
});
