import type { ScoredEvent } from '@vigil/events';
import { matchesFilter } from './event-filter.ts';
import type { FeatureSpec } from './feature-spec.ts';

/**
 * Picks, for one event, the features a rule needs of `specs`: those named in `reads` (what the
 * rule judges the event with) and those whose filter the event matches (the states it must
 * record into, even when the rule does not judge it). One object per combination, built once:
 * this runs for every rule of every event.
 */
export function featureSubsets(
  specs: Readonly<Record<string, FeatureSpec>>,
): (scored: ScoredEvent, reads: ReadonlySet<string>) => Record<string, FeatureSpec> {
  const names = Object.keys(specs);
  const combinations = new Map<string, Record<string, FeatureSpec>>();
  return (scored, reads) => {
    let key = '';
    for (const name of names) {
      const spec = specs[name]!;
      if (reads.has(name) || (spec.kind !== 'list' && matchesFilter(scored, spec.filter)))
        key += `${name}\u0000`;
    }
    let picked = combinations.get(key);
    if (!picked) {
      const chosen = new Set(key.split('\u0000'));
      picked = Object.fromEntries(names.filter((n) => chosen.has(n)).map((n) => [n, specs[n]!]));
      combinations.set(key, picked);
    }
    return picked;
  };
}
