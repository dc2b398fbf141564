import { describe, expect, it } from 'vitest';
import { planEvent, planFeatures, requiredFeatures, type RulePlan } from '@vigil/rules';
import { generateTraffic } from '../domain/generate-traffic.ts';
import { scoredEventOf } from '../domain/scored-event.ts';
import { loadRuleSet } from './score-in-memory.ts';

const ruleSet = loadRuleSet();

/**
 * The engine plans each event with planEvent (one pass, shared features resolved once); what it
 * asks the store for and what each rule reads must be what planFeatures + requiredFeatures gave,
 * on the default rule set and the simulator's traffic (every scenario, every event kind, events
 * without device, IP, card or beneficiary among them).
 */
describe('planEvent on the default rules and simulated traffic', () => {
  const records = [
    ...generateTraffic({
      seed: 15,
      accounts: 400,
      start: '2026-11-20T00:00:00.000Z',
      duration: '12h',
      warmup: '2h',
      episodesPerScenario: 2,
    }).records,
  ].map((p) => scoredEventOf(p.record));

  it('gives the same requests (content, ids, order) and the same feature ids per rule', () => {
    const kinds = new Set(records.map((scored) => scored.kind));
    expect([...kinds].sort()).toEqual(['account_change', 'login', 'transaction']);
    expect(records.some((scored) => scored.event.device === undefined)).toBe(true);
    // Compared as text, then the first difference shown: a deep equal per event is too slow here.
    const differing = records.filter((scored) => {
      const plans = planFeatures(ruleSet, scored);
      const plan = planEvent(ruleSet, scored);
      return (
        JSON.stringify(plan.requests) !==
          JSON.stringify(requiredFeatures(ruleSet, scored, plans)) ||
        JSON.stringify(plan.rules.map(shapeOf)) !== JSON.stringify(plans.map(shapeOf))
      );
    });
    expect(records.length).toBeGreaterThan(1_500);
    expect(differing.slice(0, 1)).toEqual([]);
  }, 60_000);
});

/** What evaluation reads of a rule's plan: the rule, its features' names and ids, its exemptions' ids. */
function shapeOf(plan: RulePlan) {
  return [
    plan.configured.id,
    plan.features.map(({ name, request }) => [name, request.id]),
    plan.exemptions.map((request) => request.id),
  ];
}
