import { describe, expect, it } from 'vitest';
import { BENIGN } from './ground-truth.ts';
import { appSession, posPurchase } from './benign-session.ts';
import type { BenignState } from './benign-state.ts';
import { EventWriter } from './event-writer.ts';
import { createPopulation } from './population.ts';
import { Prng } from './prng.ts';

const T0 = Date.parse('2026-11-20T12:00:00.000Z');

function stateFor(seed: number): BenignState {
  const [account] = createPopulation(seed, 'st', 1, T0);
  if (!account) throw new Error('no account');
  return {
    account, rng: new Prng(seed, 'session'), writer: new EventWriter('st', BENIGN), runId: 'st',
    here: { country: account.country, city: account.city, ip: account.homeIp }, devices: [...account.devices], beneficiaries: [...account.beneficiaries],
  };
}

describe('benign sessions', () => {
  it('never put an event before the session start (day chunks stay ordered), and start with a login', () => {
    const state = stateFor(1);
    let typos = 0;
    for (let i = 0; i < 2_000; i++) {
      const t = T0 + i * 3_600_000;
      const events = appSession(state, t);
      expect(events[0]?.record.topic).toBe('identity.logins.v1');
      for (const e of events) expect(e.at).toBeGreaterThanOrEqual(t);
      if (events[0]?.record.topic === 'identity.logins.v1' && events[0].record.event.outcome === 'failure') typos++;
    }
    expect(typos).toBeGreaterThan(20);
  });

  it('pays in person in the city the customer is in, without a device', () => {
    const state = stateFor(2);
    const [purchase] = posPurchase(state, T0);
    expect(purchase?.record.topic).toBe('payments.transactions.v1');
    if (purchase?.record.topic !== 'payments.transactions.v1') return;
    expect(purchase.record.event.channel).toBe('pos');
    expect(purchase.record.event.device).toBeUndefined();
    expect(purchase.record.event.geo?.city).toBe(state.here.city.name);
  });
});
