import type { DecisionView } from './effective-outcomes.ts';

/** How many flagged events a rule was behind. */
export interface RuleCount {
  rule: string;
  events: number;
}

/** Counts each rule behind one flagged event once, whichever of its decisions (own, follow-ups) named it. */
export function countRules(into: Map<string, number>, decisions: readonly DecisionView[]): void {
  for (const rule of new Set(decisions.flatMap((d) => d.reasons?.map((r) => r.rule) ?? [])))
    into.set(rule, (into.get(rule) ?? 0) + 1);
}

export function ranked(counts: Map<string, number>, limit = Infinity): RuleCount[] {
  return [...counts]
    .map(([rule, events]) => ({ rule, events }))
    .sort((a, b) => b.events - a.events || a.rule.localeCompare(b.rule))
    .slice(0, limit);
}
