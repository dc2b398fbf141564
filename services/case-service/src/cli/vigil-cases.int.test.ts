import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@vigil/testing';
import { decision, startCaseHarness, type CaseHarness } from '../test-support/case-harness.ts';
import { runCommand } from './commands.ts';

let h: CaseHarness;
let caseId: string;
const accountId = `cli-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  h = await startCaseHarness();
  ({ caseId } = await h
    .client('risk-engine')
    .raiseCase(decision({ accountId, score: 91, outcome: 'DECISION_OUTCOME_BLOCK' })));
});
afterAll(() => h.close());

async function run(
  command: string,
  args: string[],
  options: Record<string, string> = {},
): Promise<string> {
  const lines: string[] = [];
  await runCommand(h.client('agent-ann'), command, args, options, (line) => lines.push(line));
  return lines.join('\n');
}

describe('vigil-cases', () => {
  it('lists, assigns, notes, shows and resolves a case as an agent', async () => {
    const listed = await run('list', [], { account: accountId, order: 'severe' });
    expect(listed).toMatch(
      new RegExp(`${caseId}\\s+${accountId}\\s+critical\\s+open\\s+-\\s+1\\s+\\d+s`),
    );
    expect(listed).toMatch(/\n\(1 case\)$/);
    expect(await run('assign', [caseId, 'agent-ann'])).toBe(`case ${caseId} assigned to agent-ann`);
    expect(await run('note', [caseId, 'customer', 'called', 'back'])).toMatch(/^note .+ added$/);
    const shown = await run('show', [caseId]);
    expect(shown).toContain('severity  critical    status in_progress    assignee agent-ann');
    expect(shown).toContain('agent-ann: customer called back');
    expect(shown).toMatch(/risk-engine\s+service\s+case_opened/);
    expect(await run('resolve', [caseId, 'false_positive'], { comment: 'travel' })).toBe(
      `case ${caseId} resolved: false_positive`,
    );
    expect(await run('lock', [accountId], { reason: 'second look' })).toMatch(
      new RegExp(`${accountId}\\s+lock\\s+cmd-`),
    );
  });

  it('runs as a binary with the token from the environment and fails clearly without one', async () => {
    const bin = join(dirname(fileURLToPath(import.meta.url)), 'vigil-cases.ts');
    const tsx = join(
      dirname(fileURLToPath(import.meta.url)),
      '..',
      '..',
      'node_modules',
      '.bin',
      'tsx',
    );
    const env = {
      ...process.env,
      VIGIL_CASES_ADDR: h.address,
      VIGIL_CASES_TOKEN: h.tokens['agent-bob'],
    };
    const { stdout } = await promisify(execFile)(tsx, [bin, 'list', '--account', accountId], {
      env,
    });
    expect(stdout).toContain(caseId);
    const denied = await promisify(execFile)(tsx, [bin, 'list'], {
      env: { ...env, VIGIL_CASES_TOKEN: 'wrong-token-0123456789' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(denied).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown bearer token') as string,
    });
    // Nothing listening there: the error says where it looked and how to point it elsewhere.
    const closed = `127.0.0.1:${await freePort()}`;
    const unreachable = await promisify(execFile)(tsx, [bin, 'list'], {
      env: { ...env, VIGIL_CASES_ADDR: closed },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(unreachable).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `no case-service answers at ${closed} (--addr or VIGIL_CASES_ADDR)`,
      ) as string,
    });
  });
});
