import fc from 'fast-check';
import type { ScoredEvent } from '@vigil/events';
import { describe, expect, it } from 'vitest';
import { planEvent } from './event-plan.ts';
import { planFeatures, requiredFeatures } from './feature-plan.ts';
import { T0, change, login, ruleSetOf, tx } from './test-helpers.ts';

// Rules that share features the ways the default rule set does: one allow-list exemption on many
// rules (global and account-scoped), one counter under two rules, first-seen rules that differ
// only in how long they keep history (one state, ids equal, retention of the first), a rule off.
const RULES = ruleSetOf([
  {
    id: 'deny',
    type: 'deny-list',
    mode: 'enforce',
    score: 100,
    params: { entities: ['device', 'card', 'ip', 'account'], outcome: 'block' },
  },
  ...[10, 40].map((atLeast) => ({
    id: `ip-count-${atLeast}`,
    type: 'velocity',
    mode: 'enforce',
    score: 40,
    exemptIfAllowed: [{ entity: 'ip' }, { entity: 'device', scope: 'account' }],
    params: { dimension: 'ip', window: '1h', bucket: '5m', tiers: [{ atLeast }] },
  })),
  {
    id: 'card-amount',
    type: 'velocity',
    mode: 'shadow',
    score: 40,
    exemptIfAllowed: [{ entity: 'ip' }],
    params: {
      dimension: 'card',
      measure: 'amount',
      window: '1h',
      filter: { kinds: ['transaction'] },
      tiers: [{ atLeast: { USD: 100_000 } }],
    },
  },
  ...['30d', '90d'].map((lookback, i) => ({
    id: `new-device-${i}`,
    type: 'first-seen',
    mode: 'enforce',
    score: 55,
    params: {
      noHistory: 'learn',
      of: 'device',
      lookback,
      record: { kinds: ['transaction', 'login'] },
      when: { kinds: ['transaction'] },
      minAmount: { USD: 50_000 },
    },
  })),
  {
    id: 'cards-per-ip',
    type: 'distinct',
    mode: 'off',
    score: 60,
    params: { dimension: 'ip', of: 'card', window: '1h', tiers: [{ atLeast: 5 }] },
  },
]);

/** What decideBatch did before planEvent: planFeatures, then requiredFeatures over its plans. */
function reference(scored: ScoredEvent) {
  const plans = planFeatures(RULES, scored);
  return { plans, requests: requiredFeatures(RULES, scored, plans) };
}

/** A rule plan as evaluation reads it: the rule, its features' names and ids, its exemptions' ids. */
const shapeOf = (plans: ReturnType<typeof planFeatures>) =>
  plans.map((plan) => ({
    rule: plan.configured.id,
    features: plan.features.map(({ name, request }) => [name, request.id]),
    exemptions: plan.exemptions.map((request) => request.id),
  }));

function expectSamePlan(scored: ScoredEvent) {
  const expected = reference(scored);
  const plan = planEvent(RULES, scored);
  // The store's requests: same objects' content, same ids, same order.
  expect(plan.requests).toEqual(expected.requests);
  expect(shapeOf(plan.rules)).toEqual(shapeOf(expected.plans));
  // Every feature a rule reads is one of the requests (the store computes it).
  const ids = new Set(plan.requests.map((request) => request.id));
  for (const rule of plan.rules) {
    for (const { request } of rule.features) expect(ids.has(request.id)).toBe(true);
    for (const request of rule.exemptions) expect(ids.has(request.id)).toBe(true);
  }
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const id = fc.constantFrom('a', 'b', 'x:y', 'dev{1}', 'ü');

describe('planEvent', () => {
  it('gives the requests, ids and order of planFeatures + requiredFeatures on each event kind, entities missing or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('transaction', 'login', 'account_change'),
        fc.record({
          at: fc.integer({ min: 0, max: 40 * 86_400_000 }).map((ms) => T0 + ms),
          accountId: id,
          device: maybe(id),
          ip: maybe(fc.constantFrom('10.0.0.1', '2001:db8::1')),
          card: maybe(id),
          minor: fc.integer({ min: 1, max: 200_000 }),
        }),
        (kind, f) => {
          const common = {
            at: f.at,
            accountId: f.accountId,
            ...(f.device === undefined ? {} : { device: { id: f.device } }),
            ...(f.ip === undefined ? {} : { ip: f.ip }),
          };
          const scored =
            kind === 'transaction'
              ? tx({
                  ...common,
                  amount: { minor: f.minor, currency: 'USD' },
                  ...(f.card === undefined ? {} : { card: { fingerprint: f.card, bin: '411111' } }),
                })
              : kind === 'login'
                ? login(common)
                : change(common);
          expectSamePlan(scored);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('resolves a feature shared by several rules once: the rules get the one request', () => {
    const scored = tx({ ip: '10.0.0.1', device: { id: 'd1' } });
    const plan = planEvent(RULES, scored);
    const byRule = new Map(plan.rules.map((rule) => [rule.configured.id, rule]));
    const [first, second] = [byRule.get('ip-count-10')!, byRule.get('ip-count-40')!];
    expect(second.features[0]!.request).toBe(first.features[0]!.request);
    expect(second.exemptions[0]).toBe(first.exemptions[0]);
    expect(byRule.get('card-amount')!.exemptions[0]).toBe(first.exemptions[0]);
    expect(byRule.has('cards-per-ip')).toBe(false);
  });
});
