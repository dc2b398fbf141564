import { describe, expect, it } from 'vitest';
import type { ScoredEvent, TransactionEvent } from '@vigil/events';
import { decideBatch, InMemoryEventMemory, InMemoryFeatureStore } from '@vigil/rules';
import { HOME_COUNTRIES, usdToMinor } from '../domain/world/countries.ts';
import { loadRuleSet } from './score-in-memory.ts';

const ruleSet = loadRuleSet();
const firstSeen = new Set(ruleSet.rules.filter((r) => r.type === 'first-seen').map((r) => r.id));
const at = '2026-11-20T10:00:00.000Z';
const context = { device: { id: 'dev-new', platform: 'ios' }, ip: '126.12.1.2' };

/** Rules (enforced and shadow) on the last of `events`, scored in order on a fresh store. */
async function decide(...events: ScoredEvent[]) {
  const store = new InMemoryFeatureStore();
  const memory = new InMemoryEventMemory();
  let rules: string[] = [];
  for (const [i, scored] of events.entries()) {
    const batch = await decideBatch(
      { ruleSet, store, memory, now: Date.parse(scored.event.occurredAt) },
      [{ scored, origin: `t/0/${i}` }],
    );
    const decision = batch.decided[0]?.decision;
    if (!decision) throw new Error('no decision');
    rules = [...decision.reasons, ...decision.shadowReasons].map((r) => r.rule);
  }
  return rules;
}

const transfer = (
  country: (typeof HOME_COUNTRIES)[number],
): { kind: 'transaction'; event: TransactionEvent } => ({
  kind: 'transaction',
  event: {
    schemaVersion: 1,
    eventId: `first-${country.code}`,
    occurredAt: at,
    accountId: `acct-${country.code}`,
    transactionId: `t-${country.code}`,
    type: 'transfer',
    status: 'approved',
    amount: { minor: usdToMinor(1_500, country), currency: country.currency },
    channel: 'app',
    beneficiary: { id: 'ben-1' },
    card: { fingerprint: 'fp-1' },
    ...context,
    geo: { country: country.code },
    account: { country: country.code, tier: 'verified' },
  },
});

/** An account's very first event has nothing to differ from: no first-seen rule may call it a change. */
describe("default rule set on an account's very first event", () => {
  it('has first-seen rules to check (new device, beneficiary, card, country)', () => {
    expect(firstSeen.size).toBeGreaterThanOrEqual(5);
  });

  for (const country of HOME_COUNTRIES) {
    it(`${country.code}: a $1,500-equivalent ${country.currency} transfer to a new beneficiary from a new device and card fires no first-seen rule`, async () => {
      expect((await decide(transfer(country))).filter((r) => firstSeen.has(r))).toEqual([]);
    });
  }

  it('the same transfer after a login from another device is a change: new device and new beneficiary fire', async () => {
    const jp = HOME_COUNTRIES.find((c) => c.code === 'JP');
    if (!jp) throw new Error('no JP');
    const earlier = {
      schemaVersion: 1,
      eventId: 'login-old',
      occurredAt: '2026-11-19T10:00:00.000Z',
      accountId: 'acct-JP',
      outcome: 'success',
      method: 'password',
      device: { id: 'dev-old' },
      geo: { country: 'JP' },
    } as const;
    const earlierPayment = {
      ...transfer(jp).event,
      eventId: 'pay-old',
      transactionId: 't-old',
      occurredAt: '2026-11-19T10:05:00.000Z',
      amount: { minor: 3_000, currency: 'JPY' },
      beneficiary: { id: 'ben-0' },
      device: { id: 'dev-old' },
    };
    const rules = await decide(
      { kind: 'login', event: earlier },
      { kind: 'transaction', event: earlierPayment },
      transfer(jp),
    );
    expect(rules).toEqual(
      expect.arrayContaining(['new-device-high-amount', 'new-beneficiary-high-amount']),
    );
  });

  it('a first successful login is its device and country baseline, not a new device or country', async () => {
    const rules = await decide({
      kind: 'login',
      event: {
        schemaVersion: 1,
        eventId: 'first-login',
        occurredAt: at,
        accountId: 'acct-login',
        outcome: 'success',
        method: 'password',
        ...context,
        geo: { country: 'JP' },
      },
    });
    expect(rules.filter((r) => firstSeen.has(r))).toEqual([]);
  });
});
