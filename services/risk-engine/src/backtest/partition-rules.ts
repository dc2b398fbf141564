import { planRule, ruleContext, type FeatureOp, type RuleSet } from '@vigil/rules';
import type { RecordedEvent } from './recorded-event.ts';
import { definedIn, specKeyOf, type SharedRule } from './shared-rules.ts';

/** Events planned to see which rules share features: spread over the whole history. */
const SAMPLE_EVENTS = 2_000;

/**
 * What a worker spends per event on a rule (planning, evaluating) and per feature it computes, by
 * the feature's kind, relative to a counter. Fitted (least squares) on the replay's own time of
 * each default rule alone over 60,000 events of the bench's history (2026-12-03): a counter
 * 2.4 µs, a daily total 2.1, a distinct count 1.5, a seen-before 1.4, an average 0.9, a last event
 * 0.7, a list lookup 0.6 (lists never change in a replay), a rule 0.8. Counting every request as
 * one left one worker ~20 % more work than the other: lists and exemptions are far cheaper than
 * the seen-before features they were weighed equal to.
 */
export const RULE_COST = 0.34;
export const FEATURE_COST: Readonly<Record<FeatureOp['kind'], number>> = {
  counter: 1,
  daily: 0.88,
  distinct: 0.63,
  seen_before: 0.6,
  average: 0.39,
  last_event: 0.29,
  list: 0.24,
};

/**
 * Splits the shared rules between the two workers so that no feature is needed in both (each
 * worker keeps the state of its own rules' features only), in about equal work. Rules that
 * used one feature on a sample of the history go together; groups are dealt, heaviest first, to
 * the worker with less work. A group's work on the sample: its rules (RULE_COST each per event)
 * and its features, each once per event however many of its rules ask for it (the replay
 * computes it once), weighed by kind (FEATURE_COST). A feature the sample missed may
 * still turn out to be used in both: the workers report the features they used, and the
 * backtest then replays each rule set whole instead (run-backtest.ts).
 */
export function partitionRules(
  sets: readonly [RuleSet, RuleSet],
  rules: readonly SharedRule[],
  events: readonly RecordedEvent[],
): [number[], number[]] {
  const parent = rules.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  // Each feature's cost goes to the rule that asked for it first: a feature's rules end up in
  // one group, so the group's weight holds it once.
  const cost = rules.map(() => 0);
  const owner = new Map<string, number>();
  const step = Math.max(1, Math.floor(events.length / SAMPLE_EVENTS));
  const computed = new Set<string>();
  for (let e = 0; e < events.length; e += step) {
    const { scored } = events[e]!;
    computed.clear();
    rules.forEach((rule, r) => {
      const { ruleSet, configured } = definedIn(sets, rule);
      const plan = planRule(configured, scored, ruleContext(ruleSet, scored));
      cost[r]! += RULE_COST;
      for (const request of [...plan.features.map((f) => f.request), ...plan.exemptions]) {
        const key = specKeyOf(request.id);
        let first = owner.get(key);
        if (first === undefined) owner.set(key, (first = r));
        else parent[root(r)] = root(first);
        if (computed.has(request.id)) continue;
        computed.add(request.id);
        cost[first]! += FEATURE_COST[request.op.kind];
      }
    });
  }
  const groups = new Map<number, number[]>();
  rules.forEach((_, r) => {
    const group = groups.get(root(r));
    if (group) group.push(r);
    else groups.set(root(r), [r]);
  });
  const weight = (group: readonly number[]) => group.reduce((sum, r) => sum + cost[r]!, 0);
  const ordered = [...groups.values()].sort((a, b) => weight(b) - weight(a) || a[0]! - b[0]!);
  const parts: [number[], number[]] = [[], []];
  const load = [0, 0];
  for (const group of ordered) {
    const to = load[0]! <= load[1]! ? 0 : 1;
    parts[to].push(...group);
    load[to]! += weight(group);
  }
  for (const part of parts) part.sort((a, b) => a - b);
  return parts;
}
