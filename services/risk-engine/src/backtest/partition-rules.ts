import { planRule, ruleContext, type RuleSet } from '@vigil/rules';
import type { RecordedEvent } from './recorded-event.ts';
import { definedIn, specKeyOf, type SharedRule } from './shared-rules.ts';

/** Events planned to see which rules share features: spread over the whole history. */
const SAMPLE_EVENTS = 2_000;

/**
 * Splits the shared rules between the two workers so that no feature is needed in both (each
 * worker keeps the state of its own rules' features only), in about equal work. Rules that
 * used one feature on a sample of the history go together; groups are dealt, heaviest first
 * (requests on the sample), to the worker with less work. A feature the sample missed may
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
  const cost = rules.map(() => 1);
  const owner = new Map<string, number>();
  const step = Math.max(1, Math.floor(events.length / SAMPLE_EVENTS));
  for (let e = 0; e < events.length; e += step) {
    const { scored } = events[e]!;
    rules.forEach((rule, r) => {
      const { ruleSet, configured } = definedIn(sets, rule);
      const plan = planRule(configured, scored, ruleContext(ruleSet, scored));
      for (const request of [...plan.features.map((f) => f.request), ...plan.exemptions]) {
        cost[r]! += 1;
        const key = specKeyOf(request.id);
        const first = owner.get(key);
        if (first === undefined) owner.set(key, r);
        else parent[root(r)] = root(first);
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
