import { describe, expect, it } from 'vitest';
import { TOPICS, type AccountChangeEvent, type LoginEvent, type TransactionEvent } from '@vigil/events';
import { TIER_LIMITS_USD } from '../amounts.ts';
import { HOUR, MINUTE } from '../duration.ts';
import { generateTraffic } from '../generate-traffic.ts';
import type { ScenarioName, SimulatedRecord } from '../ground-truth.ts';
import { COUNTRIES, distanceKm } from '../world/countries.ts';
import { INVALID_CARD_REASONS } from './bin-attack.ts';

const EPISODES = 4;

/** The attack events of each episode of `scenario`, plus the whole simulation for context. */
function episodesOf(scenario: ScenarioName, seed = 11) {
  const all = [...generateTraffic({ seed, accounts: 60, start: '2026-11-20T00:00:00.000Z', duration: '3h', warmup: '1d', scenarios: [scenario], episodesPerScenario: EPISODES }).records].map((p) => p.record);
  const byEpisode = new Map<string, SimulatedRecord[]>();
  for (const r of all) if (r.label.episodeId !== null) byEpisode.set(r.label.episodeId, [...(byEpisode.get(r.label.episodeId) ?? []), r]);
  expect(byEpisode.size).toBe(EPISODES);
  return { all, episodes: [...byEpisode.values()] };
}
const txs = (rs: SimulatedRecord[]) => rs.flatMap((r) => (r.topic === TOPICS.transactions ? [r.event] : []));
const logins = (rs: SimulatedRecord[]) => rs.flatMap((r) => (r.topic === TOPICS.logins ? [r.event] : []));
const ms = (e: { occurredAt: string }) => Date.parse(e.occurredAt);
const span = (es: { occurredAt: string }[]) => Math.max(...es.map(ms)) - Math.min(...es.map(ms));
const usd = (t: TransactionEvent) => {
  const c = COUNTRIES.find((x) => x.currency === t.amount.currency);
  return t.amount.minor / 10 ** (c?.minorDigits ?? 2) / (c?.perUsd ?? 1);
};
const groupBy = <T>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return m;
};

describe('attack scenarios produce their signatures', () => {
  it('card_testing: ≥ 15 distinct cards from one device and IP within 10 min, mostly declined, < 2 USD', () => {
    for (const episode of episodesOf('card_testing').episodes) {
      const t = txs(episode);
      expect(new Set(t.map((e) => e.device?.id)).size).toBe(1);
      expect(new Set(t.map((e) => e.ip)).size).toBe(1);
      expect(new Set(t.map((e) => e.card?.fingerprint)).size).toBeGreaterThanOrEqual(15);
      expect(span(t)).toBeLessThanOrEqual(10 * MINUTE);
      expect(t.filter((e) => e.status === 'declined').length / t.length).toBeGreaterThan(0.6);
      expect(t.every((e) => usd(e) < 2)).toBe(true);
    }
  });

  it('bin_attack: ≥ 6 invalid-card declines on one BIN within 6 h, many distinct cards', () => {
    for (const episode of episodesOf('bin_attack').episodes) {
      const t = txs(episode);
      expect(new Set(t.map((e) => e.card?.bin)).size).toBe(1);
      const invalid = t.filter((e) => e.status === 'declined' && (INVALID_CARD_REASONS as readonly string[]).includes(e.declineReason ?? ''));
      expect(invalid.length).toBeGreaterThanOrEqual(6);
      expect(span(t)).toBeLessThanOrEqual(6 * HOUR);
      expect(new Set(t.map((e) => e.card?.fingerprint)).size).toBeGreaterThanOrEqual(20);
    }
  });

  it('ato: stuffing from one IP (≥ 15 accounts, ≥ 25 tries, ≤ 2 each, ≤ 15 min) → success → new device in a new country → password_reset → transfer to a new beneficiary', () => {
    const { all, episodes } = episodesOf('ato');
    for (const episode of episodes) {
      const failures = logins(episode).filter((l) => l.outcome === 'failure');
      expect(new Set(failures.map((l) => l.ip)).size).toBe(1);
      const perAccount = groupBy(failures, (l) => l.accountId);
      expect(perAccount.size).toBeGreaterThanOrEqual(15);
      expect(failures.length).toBeGreaterThanOrEqual(25);
      expect(Math.max(...[...perAccount.values()].map((l) => l.length))).toBeLessThanOrEqual(2);
      expect(span(failures)).toBeLessThanOrEqual(15 * MINUTE);

      const successes = logins(episode).filter((l) => l.outcome === 'success');
      const target = successes[0]?.accountId;
      const own = episode.filter((r) => r.event.accountId === target);
      const steps = own.map((r) => r.topic);
      expect(steps.slice(0, 3)).toEqual([TOPICS.logins, TOPICS.logins, TOPICS.accountChanges]);
      const [stuffed, takeover] = own.map((r) => r.event) as [LoginEvent, LoginEvent];
      expect(stuffed.ip).toBe(failures[0]?.ip);
      expect(takeover.device?.id).not.toBe(stuffed.device?.id);
      const home = all.find((r) => r.event.accountId === target && r.label.label === 'benign' && r.topic === TOPICS.logins)?.event as LoginEvent | undefined;
      expect(home?.geo?.country).toBeDefined();
      expect(takeover.geo?.country).not.toBe(home?.geo?.country);
      expect((own[2]?.event as AccountChangeEvent).change).toBe('password_reset');
      const cashOut = txs(own);
      expect(cashOut.length).toBeGreaterThanOrEqual(1);
      const knownBeneficiaries = new Set(txs(all.filter((r) => r.label.label === 'benign' && r.event.accountId === target)).map((t) => t.beneficiary?.id));
      for (const t of cashOut) {
        expect(t.type).toBe('transfer');
        expect(knownBeneficiaries.has(t.beneficiary?.id)).toBe(false);
        expect(ms(t)).toBeGreaterThan(ms(own[2]?.event ?? t));
      }
    }
  });

  it('brute_force: ≥ 10 bad passwords for one account and IP within 15 min', () => {
    for (const episode of episodesOf('brute_force').episodes) {
      const failures = logins(episode).filter((l) => l.outcome === 'failure' && l.failureReason === 'bad_password');
      expect(new Set(failures.map((l) => `${l.accountId}|${l.ip}`)).size).toBe(1);
      expect(failures.length).toBeGreaterThanOrEqual(10);
      const first10 = failures.slice(0, 10);
      expect(span(first10)).toBeLessThanOrEqual(15 * MINUTE);
    }
  });

  it('impossible_travel: consecutive successful logins faster than 900 km/h', () => {
    const { all, episodes } = episodesOf('impossible_travel');
    for (const episode of episodes) {
      const intruder = logins(episode).find((l) => l.outcome === 'success');
      if (!intruder) throw new Error('no intruder login');
      const previous = logins(all).filter((l) => l.accountId === intruder.accountId && l.outcome === 'success' && ms(l) < ms(intruder)).at(-1);
      if (!previous?.geo?.lat || !previous.geo.lon || !intruder.geo?.lat || !intruder.geo.lon) throw new Error('logins without coordinates');
      const km = distanceKm({ lat: previous.geo.lat, lon: previous.geo.lon }, { lat: intruder.geo.lat, lon: intruder.geo.lon });
      expect(km / ((ms(intruder) - ms(previous)) / HOUR)).toBeGreaterThan(900);
      // The owner's own login before it is benign: only the intruder's events are the attack.
      expect(all.find((r) => r.event.eventId === previous.eventId)?.label.label).toBe('benign');
    }
  });

  it('limit_breach: every payment is over the account tier per-payment limit', () => {
    for (const episode of episodesOf('limit_breach').episodes)
      for (const t of txs(episode)) expect(usd(t)).toBeGreaterThan(TIER_LIMITS_USD[t.account?.tier ?? 'business'].perPayment);
  });

  it('mule_fan_out: one account pays ≥ 8 distinct new beneficiaries within 2 h', () => {
    for (const episode of episodesOf('mule_fan_out').episodes) {
      const t = txs(episode);
      expect(new Set(t.map((e) => e.accountId)).size).toBe(1);
      expect(new Set(t.map((e) => e.beneficiary?.id)).size).toBeGreaterThanOrEqual(8);
      expect(span(t)).toBeLessThanOrEqual(2 * HOUR);
    }
  });

  it('mule_fan_in: ≥ 6 accounts pay one beneficiary within 2 h', () => {
    for (const episode of episodesOf('mule_fan_in').episodes) {
      const t = txs(episode);
      expect(new Set(t.map((e) => e.beneficiary?.id)).size).toBe(1);
      expect(new Set(t.map((e) => e.accountId)).size).toBeGreaterThanOrEqual(6);
      expect(span(t)).toBeLessThanOrEqual(2 * HOUR);
    }
  });
});

describe('benign traffic stays under the attack thresholds', () => {
  const benign = [...generateTraffic({ seed: 3, accounts: 300, start: '2026-11-20T00:00:00.000Z', duration: '2d', scenarios: [] }).records].map((p) => p.record);

  it('no device uses ≥ 4 distinct cards within an hour', () => {
    for (const [, events] of groupBy(txs(benign).filter((t) => t.device), (t) => t.device?.id ?? '')) {
      for (const e of events) {
        const hour = events.filter((o) => ms(o) >= ms(e) && ms(o) < ms(e) + HOUR);
        expect(new Set(hour.map((o) => o.card?.fingerprint).filter(Boolean)).size).toBeLessThan(4);
      }
    }
  });

  it('no account and IP has ≥ 5 failed logins within 15 min', () => {
    for (const [, fails] of groupBy(logins(benign).filter((l) => l.outcome === 'failure'), (l) => `${l.accountId}|${l.ip}`))
      for (const f of fails) expect(fails.filter((o) => ms(o) >= ms(f) && ms(o) < ms(f) + 15 * MINUTE).length).toBeLessThan(5);
  });
});
