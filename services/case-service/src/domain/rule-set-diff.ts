import type { RuleSetDocument } from './rule-set-document.ts';

/** How one rule differs between two versions; `changes` are readable lines. */
export interface RuleChange {
  ruleId: string;
  kind: 'added' | 'removed' | 'changed';
  changes: string[];
}

export interface RuleSetDiff {
  /** The version compared against; undefined for a first version. */
  baseVersion: string | undefined;
  /** Changes outside the rules: cut-offs, combination, time zones, retroHunt. */
  settings: string[];
  rules: RuleChange[];
}

type Leaves = Map<string, string>;

/** Every scalar of a value by its dotted path ("params.tiers.0.atLeast" → "5"). */
function leaves(value: unknown, path: string, into: Leaves = new Map()): Leaves {
  if (Array.isArray(value)) {
    if (value.length === 0) into.set(path, '[]');
    value.forEach((item, index) => leaves(item, `${path}.${index}`, into));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) into.set(path, '{}');
    for (const [key, item] of entries) leaves(item, path === '' ? key : `${path}.${key}`, into);
  } else if (value !== undefined) {
    into.set(path, JSON.stringify(value));
  }
  return into;
}

/** "path: before → after" for every leaf that differs, in path order. */
function changedLeaves(before: unknown, after: unknown, prefix = ''): string[] {
  const a = leaves(before, prefix);
  const b = leaves(after, prefix);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((path) => a.get(path) !== b.get(path))
    .map((path) => `${path}: ${a.get(path) ?? '(none)'} → ${b.get(path) ?? '(none)'}`);
}

type Rule = RuleSetDocument['rules'][number];

const ruleLine = (rule: Rule) => `${rule.type}, mode ${rule.mode}, score ${rule.score}`;

/**
 * What a reviewer reads before approving: per rule (by id, order ignored) what was added, removed
 * or changed (mode, score, params, exemptions), and the settings outside the rules.
 */
export function diffRuleSets(
  base: { version: string; document: RuleSetDocument } | undefined,
  next: RuleSetDocument,
): RuleSetDiff {
  const { rules: baseRules = [], version: _v1, ...baseSettings } = base?.document ?? { rules: [] };
  const { rules: nextRules, version: _v2, ...nextSettings } = next;
  const before = new Map(baseRules.map((rule) => [rule.id, rule]));
  const after = new Map(nextRules.map((rule) => [rule.id, rule]));
  const rules: RuleChange[] = [];
  for (const [ruleId, rule] of after) {
    const old = before.get(ruleId);
    if (!old) {
      rules.push({ ruleId, kind: 'added', changes: [ruleLine(rule)] });
      continue;
    }
    const { id: _a, ...oldFields } = old;
    const { id: _b, ...newFields } = rule;
    const changes = changedLeaves(oldFields, newFields);
    if (changes.length > 0) rules.push({ ruleId, kind: 'changed', changes });
  }
  for (const [ruleId, rule] of before)
    if (!after.has(ruleId)) rules.push({ ruleId, kind: 'removed', changes: [ruleLine(rule)] });
  return {
    baseVersion: base?.version,
    settings: base ? changedLeaves(baseSettings, nextSettings) : [],
    rules,
  };
}
