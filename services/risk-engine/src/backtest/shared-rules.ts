import type { ConfiguredRule, RuleSet } from '@vigil/rules';

/** Which rule sets define a rule: bit 0 the baseline, bit 1 the candidate. */
export type Sides = number;
export const BOTH_SIDES: Sides = 3;

/**
 * A rule as the backtest computes it: once for every set that defines it alike. A candidate
 * usually changes a few rules; the others plan the same features and give the same hit in
 * both sets, so they are computed once.
 */
export interface SharedRule {
  /** Its index in each set's `rules` (-1: not active in that set). */
  at: [number, number];
  sides: Sides;
}

/**
 * What a rule's features and hit depend on: its type, score, exemptions and parameters, and
 * the time zones of its set (an event's context). Not its id (only its reasons carry it) nor
 * its mode (which decides how a hit counts, not whether it fires).
 */
function definitionKey(ruleSet: RuleSet, index: number): string {
  const entry = ruleSet.document.rules[index]!;
  return JSON.stringify([
    ruleSet.timeZone,
    [...ruleSet.countryTimeZones],
    entry.type,
    entry.score,
    entry.exemptIfAllowed,
    entry.params,
  ]);
}

/** The active rules of both sets, each definition once (in baseline order, then the candidate's own). */
export function sharedRules(sets: readonly [RuleSet, RuleSet]): SharedRule[] {
  const byKey = new Map<string, SharedRule>();
  const rules: SharedRule[] = [];
  sets.forEach((ruleSet, side) => {
    // compileRuleSet keeps the document's order: rules[i] is document.rules[i].
    ruleSet.rules.forEach((configured, index) => {
      if (configured.mode === 'off') return;
      const key = definitionKey(ruleSet, index);
      const known = byKey.get(key);
      if (known && known.at[side] === -1) {
        known.at[side] = index;
        known.sides |= 1 << side;
        return;
      }
      const rule: SharedRule = {
        at: side === 0 ? [index, -1] : [-1, index],
        sides: 1 << side,
      };
      byKey.set(key, rule);
      rules.push(rule);
    });
  });
  return rules;
}

/** The set a shared rule is taken from (its context) and its configuration there. */
export function definedIn(
  sets: readonly [RuleSet, RuleSet],
  rule: SharedRule,
): { ruleSet: RuleSet; configured: ConfiguredRule } {
  const side = rule.at[0] === -1 ? 1 : 0;
  const ruleSet = sets[side];
  return { ruleSet, configured: ruleSet.rules[rule.at[side]]! };
}

/**
 * The feature a request's id belongs to, whatever the entity: its spec hash (`list:<list>:<entity>`
 * for lists), read from the id's layout (feature-keys.ts: `v1:<kind>:{<tag>}:<dimension>:<spec
 * hash>[:…]`, values percent-encoded, so no ':' inside a part). Two requests that share state
 * share an id, hence this key: if no key is used in both workers, no state is.
 */
export function specKeyOf(id: string): string {
  const kind = id.indexOf(':') + 1;
  const tag = id.indexOf(':', kind) + 1;
  const dimension = id.indexOf(':', tag) + 1;
  const hash = id.indexOf(':', dimension) + 1;
  if (id.startsWith('list:', kind)) return id.slice(kind, hash - 1);
  const end = id.indexOf(':', hash);
  return id.slice(hash, end === -1 ? id.length : end);
}
