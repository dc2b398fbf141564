import { describe, expect, it } from 'vitest';
import { diffRuleSets } from './rule-set-diff.ts';
import { validateRuleSetYaml } from './rule-set-document.ts';

const VELOCITY = (atLeast: number) =>
  `{ dimension: account, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: ${atLeast}, outcome: block }] }`;

const yaml = (
  version: string,
  rules: string[],
  cutoffs = '{ challenge: 40, review: 70, block: 90 }',
) => `
version: "${version}"
timezone: UTC
cutoffs: ${cutoffs}
rules:
${rules.map((rule) => `  - ${rule}`).join('\n')}
`;

function documentOf(text: string) {
  const validation = validateRuleSetYaml(text);
  if (!validation.ok) throw new Error(validation.problems.join('; '));
  return validation.document;
}

describe('rule-set validation', () => {
  it('accepts what the risk engine accepts and counts the rules', () => {
    expect(
      validateRuleSetYaml(
        yaml('v1', [
          `{ id: burst, type: velocity, mode: enforce, score: 50, params: ${VELOCITY(5)} }`,
        ]),
      ),
    ).toMatchObject({ ok: true, version: 'v1', ruleCount: 1 });
  });

  it('refuses an invalid rule set with every problem, and text that is not YAML', () => {
    const result = validateRuleSetYaml(
      yaml(
        'v1',
        ['{ id: burst, type: no-such-type, mode: enforce, score: 50, params: {} }'],
        '{ challenge: 80, review: 70, block: 90 }',
      ),
    );
    expect(result).toEqual({
      ok: false,
      problems: ['cutoffs: cut-offs must rise: challenge < review < block'],
    });
    const unknownType = validateRuleSetYaml(
      yaml('v1', ['{ id: burst, type: no-such-type, mode: enforce, score: 50, params: {} }']),
    );
    expect(unknownType.ok).toBe(false);
    expect(!unknownType.ok && unknownType.problems[0]).toMatch(
      /^rules\.0\.type: unknown rule type no-such-type/,
    );
    const notYaml = validateRuleSetYaml('rules: [unclosed');
    expect(notYaml.ok).toBe(false);
    expect(!notYaml.ok && notYaml.problems[0]).toMatch(/^rule set is not valid YAML: /);
  });
});

describe('rule-set diff', () => {
  const base = yaml('v1', [
    `{ id: burst, type: velocity, mode: shadow, score: 50, params: ${VELOCITY(5)} }`,
    `{ id: old-rule, type: velocity, mode: enforce, score: 30, params: ${VELOCITY(9)} }`,
  ]);

  it('lists added, removed and changed rules with their changed fields, and settings', () => {
    const next = yaml(
      'v2',
      [
        `{ id: new-rule, type: velocity, mode: shadow, score: 20, params: ${VELOCITY(2)} }`,
        `{ id: burst, type: velocity, mode: enforce, score: 60, params: ${VELOCITY(3)} }`,
      ],
      '{ challenge: 40, review: 75, block: 90 }',
    );
    expect(diffRuleSets({ version: 'v1', document: documentOf(base) }, documentOf(next))).toEqual({
      baseVersion: 'v1',
      settings: ['cutoffs.review: 70 → 75'],
      rules: [
        { ruleId: 'new-rule', kind: 'added', changes: ['velocity, mode shadow, score 20'] },
        {
          ruleId: 'burst',
          kind: 'changed',
          changes: [
            'mode: "shadow" → "enforce"',
            'params.tiers.0.atLeast: 5 → 3',
            'score: 50 → 60',
          ],
        },
        { ruleId: 'old-rule', kind: 'removed', changes: ['velocity, mode enforce, score 30'] },
      ],
    });
  });

  it('shows nothing for a copy under a new version, and every rule as added for a first version', () => {
    const copy = base.replace('"v1"', '"v1-copy"');
    expect(diffRuleSets({ version: 'v1', document: documentOf(base) }, documentOf(copy))).toEqual({
      baseVersion: 'v1',
      settings: [],
      rules: [],
    });
    const first = diffRuleSets(undefined, documentOf(base));
    expect(first.baseVersion).toBeUndefined();
    expect(first.rules.map((r) => `${r.kind} ${r.ruleId}`)).toEqual([
      'added burst',
      'added old-rule',
    ]);
  });
});
