import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@vigil/testing';
import { startCaseHarness, type CaseHarness } from '../test-support/case-harness.ts';
import { oneRuleSet } from '../test-support/rule-set-yaml.ts';
import { runRulesCommand, type RulesOptions } from './rules-commands.ts';

let h: CaseHarness;
beforeAll(async () => {
  h = await startCaseHarness();
});
afterAll(() => h.close());

const v1 = uniqueName('cli-v1');
const v2 = uniqueName('cli-v2');
const files: Record<string, string> = {
  'v1.yaml': oneRuleSet(v1),
  'v2.yaml': oneRuleSet(v2, { atLeast: 3 }),
  'backtest.md': '| outcome | before | after |\n| block | 10 | 4 |\n',
};

async function rules(
  who: 'agent-ann' | 'sup-sue' | 'sup-sam',
  args: string[],
  options: RulesOptions = {},
): Promise<string> {
  const lines: string[] = [];
  await runRulesCommand(
    h.client(who),
    args,
    options,
    (line) => lines.push(line),
    (path) =>
      files[path] === undefined
        ? Promise.reject(new Error(`no file ${path}`))
        : Promise.resolve(files[path]),
  );
  return lines.join('\n');
}

describe('vigil-cases rules', () => {
  it('proposes, shows the diff and summary, approves under four eyes and rolls back in one command', async () => {
    expect(await rules('sup-sue', ['propose', 'v1.yaml'])).toMatch(
      new RegExp(`^rule set ${v1} proposed \\(sha256 [0-9a-f]{12}…, 1 rules\\)`),
    );
    expect(await rules('sup-sam', ['approve', v1], { comment: 'baseline' })).toMatch(
      new RegExp(`^rule set ${v1} active`),
    );
    await rules('agent-ann', ['propose', 'v2.yaml'], { summary: 'backtest.md' });
    const shown = await rules('sup-sue', ['show', v2]);
    expect(shown).toContain(`diff against ${v1}:`);
    expect(shown).toContain('  ~ any-payment (changed)\n      params.tiers.0.atLeast: 1 → 3');
    expect(shown).toContain('backtest summary:\n| outcome | before | after |');
    expect(shown).toMatch(/agent-ann \(agent\)\s+proposed/);
    await rules('sup-sue', ['approve', v2]);
    expect(await rules('agent-ann', ['list'])).toMatch(
      new RegExp(`${v2}\\s+active\\s+1\\s+agent-ann[^\\n]+sup-sue\\s+${v1}\\n${v1}\\s+retired`),
    );
    const rolled = await rules('sup-sam', ['rollback'], { reason: 'too many blocks' });
    expect(rolled).toMatch(
      new RegExp(
        `^rolled back: rule set ${v2} rolled_back .*\\nin force:    rule set ${v1} active`,
      ),
    );
    await expect(rules('sup-sam', ['rollback'])).rejects.toThrow(/missing --reason/);
  });
});
