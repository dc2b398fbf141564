import type { DecisionOutcome, ScoredEvent } from '@vigil/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moreSevere } from './combine-score.ts';
import { decideBatch, type DecidedBatch } from './decide-batch.ts';
import { InMemoryEventMemory } from './follow-ups/in-memory-event-memory.ts';
import { InMemoryFeatureStore } from './in-memory-feature-store.ts';
import { T0, change, login, ruleSetOf, tx } from './test-helpers.ts';

// Sequence rules fed their pieces in every arrival order: each event's effective verdict (its
// own decision or a harsher follow-up about it) is never softer than in event order, and the
// sequence rule fires on the event it fires on in order. The rules are the default rule set's,
// trimmed to the ones these chains touch.

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const HIGH = { minor: 90_000, currency: 'USD' as const };

const RULES = ruleSetOf([
  {
    id: 'ato-cash-out',
    type: 'ato-cash-out',
    mode: 'enforce',
    score: 90,
    params: {
      within: '24h',
      changes: ['password_reset', 'email_changed', 'phone_changed', 'mfa_disabled'],
      minAmount: { USD: 50_000 },
      newBeneficiary: true,
      outcome: 'block',
    },
  },
  {
    id: 'new-device-login',
    type: 'first-seen',
    mode: 'enforce',
    score: 45,
    params: {
      of: 'device',
      lookback: '30d',
      noHistory: 'learn',
      history: '400d',
      record: { kinds: ['transaction', 'login'], txStatus: 'approved', loginOutcome: 'success' },
      when: { kinds: ['login'], loginOutcome: 'success' },
    },
  },
  {
    id: 'new-device-high-amount',
    type: 'first-seen',
    mode: 'enforce',
    score: 55,
    params: {
      of: 'device',
      lookback: '30d',
      record: { kinds: ['transaction', 'login'], txStatus: 'approved', loginOutcome: 'success' },
      when: { kinds: ['transaction'], txTypes: ['payment', 'transfer', 'withdrawal'] },
      minAmount: { USD: 50_000 },
    },
  },
  {
    id: 'success-after-failures',
    type: 'velocity',
    mode: 'enforce',
    score: 70,
    params: {
      dimension: 'ip',
      window: '120s',
      bucket: '10s',
      filter: { kinds: ['login'], loginOutcome: 'failure' },
      when: { kinds: ['login'], loginOutcome: 'success' },
      tiers: [{ atLeast: 8, outcome: 'review' }],
    },
  },
]);

interface Verdict {
  outcome: DecisionOutcome;
  rules: Set<string>;
}

/**
 * Decides `history` in order, then `arrivals` one batch each in the given order; returns each
 * event's effective verdict.
 */
async function run(history: ScoredEvent[], arrivals: ScoredEvent[]): Promise<Map<string, Verdict>> {
  const deps = {
    ruleSet: RULES,
    store: new InMemoryFeatureStore(),
    memory: new InMemoryEventMemory(),
    now: T0 + DAY,
  };
  const verdicts = new Map<string, Verdict>();
  const note = (eventId: string, outcome: DecisionOutcome, rules: readonly string[]) => {
    const seen = verdicts.get(eventId) ?? { outcome: 'allow', rules: new Set<string>() };
    seen.outcome = moreSevere(seen.outcome, outcome);
    for (const rule of rules) seen.rules.add(rule);
    verdicts.set(eventId, seen);
  };
  const record = (batch: DecidedBatch) => {
    for (const { decision } of batch.decided)
      note(
        decision.eventId,
        decision.outcome,
        decision.reasons.map((r) => r.rule),
      );
    for (const { decision } of batch.followUps)
      note(
        decision.followUp!.eventId,
        decision.outcome,
        decision.reasons.map((r) => r.rule),
      );
  };
  let offset = 0;
  const origin = () => `topic/0/${offset++}`;
  record(
    await decideBatch(
      deps,
      history.map((scored) => ({ scored, origin: origin() })),
    ),
  );
  for (const scored of arrivals) record(await decideBatch(deps, [{ scored, origin: origin() }]));
  return verdicts;
}

const RANK: Record<DecisionOutcome, number> = { allow: 0, challenge: 1, review: 2, block: 3 };

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

/** Every event's verdict in this arrival order is at least its in-order verdict. */
function expectNeverSofter(inOrder: Map<string, Verdict>, shuffled: Map<string, Verdict>) {
  for (const [eventId, expected] of inOrder) {
    const actual = shuffled.get(eventId);
    expect(actual, eventId).toBeDefined();
    expect(RANK[actual!.outcome], eventId).toBeGreaterThanOrEqual(RANK[expected.outcome]);
  }
}

// The customer's own phone, used for months.
const usual = (at: number) => login({ device: { id: 'phone-old' }, ip: '203.0.113.7', at });

describe('sequence rules whatever the arrival order', () => {
  it('takeover chain (phone change → new-device login → payout method → withdrawal): the withdrawal is blocked in all 24 orders', async () => {
    const history = [usual(T0 - 10 * DAY), usual(T0 - DAY)];
    const chain = [
      change({ change: 'phone_changed', at: T0 }),
      login({ device: { id: 'phone-new' }, ip: '198.51.100.9', at: T0 + 2 * MIN }),
      change({ change: 'payout_method_added', at: T0 + 3 * MIN }),
      tx({ type: 'withdrawal', amount: HIGH, device: { id: 'phone-new' }, at: T0 + 5 * MIN }),
    ];
    const withdrawal = chain[3]!.event.eventId;
    const newLogin = chain[1]!.event.eventId;
    const inOrder = await run(history, chain);
    expect(inOrder.get(withdrawal)).toMatchObject({ outcome: 'block' });
    expect(inOrder.get(withdrawal)!.rules).toContain('ato-cash-out');
    expect(inOrder.get(newLogin)).toMatchObject({ outcome: 'challenge' });

    for (const order of permutations(chain)) {
      const verdicts = await run(history, order);
      expectNeverSofter(inOrder, verdicts);
      expect(verdicts.get(withdrawal)!.rules).toContain('ato-cash-out');
      expect(verdicts.get(newLogin)!.rules).toContain('new-device-login');
    }
  });

  it('new phone: its first login is challenged even when a later payment from it arrives first', async () => {
    const history = [usual(T0 - 10 * DAY)];
    const chain = [
      login({ device: { id: 'phone-new' }, ip: '203.0.113.7', at: T0 }),
      tx({ type: 'payment', amount: HIGH, device: { id: 'phone-new' }, at: T0 + 10 * MIN }),
      tx({ type: 'payment', device: { id: 'phone-new' }, at: T0 + 20 * MIN }),
    ];
    const firstLogin = chain[0]!.event.eventId;
    const inOrder = await run(history, chain);
    expect(inOrder.get(firstLogin)).toMatchObject({ outcome: 'challenge' });

    for (const order of permutations(chain)) {
      const verdicts = await run(history, order);
      expectNeverSofter(inOrder, verdicts);
      expect(verdicts.get(firstLogin)!.rules).toContain('new-device-login');
    }
  });

  it('failures → success from one IP: the success goes to review wherever it falls among the failures (property)', async () => {
    const ip = '192.0.2.44';
    const failures = Array.from({ length: 8 }, (_, i) =>
      login({
        ip,
        device: { id: 'phone-old' },
        outcome: 'failure',
        failureReason: 'bad_password',
        at: T0 + i * 10_000,
      }),
    );
    const success = login({ ip, device: { id: 'phone-old' }, at: T0 + 90_000 });
    const chain = [...failures, success];
    const history = [usual(T0 - 10 * DAY)];
    const inOrder = await run(history, chain);
    expect(inOrder.get(success.event.eventId)).toMatchObject({ outcome: 'review' });

    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(chain, { minLength: chain.length }), async (order) => {
        const verdicts = await run(history, order);
        expectNeverSofter(inOrder, verdicts);
        expect(verdicts.get(success.event.eventId)!.rules).toContain('success-after-failures');
      }),
      { numRuns: 40 },
    );
  });
});
