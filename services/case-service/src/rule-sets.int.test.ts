import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCaseServiceError, type CasesClient } from '@vigil/protos';
import { uniqueName } from '@vigil/testing';
import { startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';
import { oneRuleSet } from './test-support/rule-set-yaml.ts';

// Rule changes with approval over gRPC, on a PostgreSQL schema of this file's own.
let h: CaseHarness;
let ann: CasesClient;
let sue: CasesClient;
let sam: CasesClient;
let engine: CasesClient;

beforeAll(async () => {
  h = await startCaseHarness();
  ann = h.client('agent-ann');
  sue = h.client('sup-sue');
  sam = h.client('sup-sam');
  engine = h.client('risk-engine');
});
afterAll(() => h.close());

/** The refusal's gRPC code name and message. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isCaseServiceError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.details;
}

async function auditActions(version: string) {
  const { audit } = await ann.getRuleSet({ version });
  return audit.map((a) => `${a.action} by ${a.actor}`);
}

describe('rule-set versions (real PostgreSQL, over gRPC)', () => {
  const v1 = uniqueName('rules-v1');
  const v2 = uniqueName('rules-v2');

  it('refuses an invalid rule set at proposal with every problem', async () => {
    const bad = oneRuleSet(uniqueName('bad'), { score: 150 }).replace(
      'type: velocity',
      'type: nope',
    );
    const details = await refusal(ann.proposeRuleSet({ yaml: bad }));
    expect(details.grpcCode).toBe(3); // INVALID_ARGUMENT
    expect(details.fieldViolations).toEqual([
      { field: 'yaml', description: 'rules.0.score: Too big: expected number to be <=100' },
    ]);
    const notYaml = await refusal(ann.proposeRuleSet({ yaml: 'version: [' }));
    expect(notYaml.fieldViolations?.[0]?.description).toMatch(/^rule set is not valid YAML: /);
    expect((await ann.listRuleSets({})).versions).toEqual([]);
  });

  it('proposes, refuses self-approval and agents, activates on another supervisor’s approval', async () => {
    await expect(engine.getActiveRuleSet()).resolves.toEqual({ active: null });
    const proposed = await sue.proposeRuleSet({
      yaml: oneRuleSet(v1),
      summary: '# backtest\nno change',
    });
    expect(proposed).toMatchObject({
      version: v1,
      status: 'RULE_SET_STATUS_PROPOSED',
      author: 'sup-sue',
      summary: '# backtest\nno change',
      ruleCount: 1,
    });
    expect(proposed.sha256).toMatch(/^[0-9a-f]{64}$/);

    const self = await refusal(sue.approveRuleSet({ version: v1, comment: '' }));
    expect(self.grpcCode).toBe(7); // PERMISSION_DENIED
    expect(self.grpcDetails).toBe(
      `${v1} was proposed by sup-sue; another supervisor must approve it`,
    );
    expect((await refusal(ann.approveRuleSet({ version: v1, comment: '' }))).grpcDetails).toBe(
      'role agent may not call ApproveRuleSet',
    );
    await expect(engine.getActiveRuleSet()).resolves.toEqual({ active: null });

    const approved = await sam.approveRuleSet({ version: v1, comment: 'backtest is clean' });
    expect(approved).toMatchObject({
      status: 'RULE_SET_STATUS_ACTIVE',
      decidedBy: 'sup-sam',
      decisionComment: 'backtest is clean',
    });
    const { active } = await engine.getActiveRuleSet();
    expect(active).toMatchObject({ version: v1, yaml: oneRuleSet(v1), sha256: proposed.sha256 });
    // Decided once: a second approval is refused.
    expect((await refusal(sam.approveRuleSet({ version: v1, comment: '' }))).grpcCode).toBe(9);
    expect(await auditActions(v1)).toEqual([
      'proposed by sup-sue',
      'approved by sup-sam',
      'activated by sup-sam',
    ]);
  });

  it('shows a proposal’s per-rule diff against the active version, and refuses a reused version id', async () => {
    await ann.proposeRuleSet({ yaml: oneRuleSet(v2, { mode: 'shadow', score: 60 }) });
    const { version, diff } = await sue.getRuleSet({ version: v2 });
    expect(version?.status).toBe('RULE_SET_STATUS_PROPOSED');
    expect(diff).toEqual({
      baseVersion: v1,
      settings: [],
      rules: [
        {
          ruleId: 'any-payment',
          kind: 'changed',
          changes: ['mode: "enforce" → "shadow"', 'score: 95 → 60'],
        },
      ],
    });
    // The same proposal again is the same version; other text under that id is refused.
    await expect(
      ann.proposeRuleSet({ yaml: oneRuleSet(v2, { mode: 'shadow', score: 60 }) }),
    ).resolves.toMatchObject({ version: v2 });
    expect((await refusal(ann.proposeRuleSet({ yaml: oneRuleSet(v2) }))).grpcDetails).toBe(
      `rule-set version ${v2} already exists (proposed); give the YAML a new version`,
    );
  });

  it('activates a second version, retiring the first; one rollback command restores it', async () => {
    await sue.approveRuleSet({ version: v2, comment: 'shadow first' });
    expect((await engine.getActiveRuleSet()).active?.version).toBe(v2);
    expect((await ann.getRuleSet({ version: v1 })).version?.status).toBe('RULE_SET_STATUS_RETIRED');

    expect((await refusal(ann.rollbackRuleSet({ reason: 'x' }))).grpcCode).toBe(7);
    expect((await refusal(sam.rollbackRuleSet({ reason: ' ' }))).fieldViolations).toEqual([
      { field: 'reason', description: 'is required' },
    ]);
    const rolled = await sam.rollbackRuleSet({ reason: 'shadow rule floods the console' });
    expect(rolled.rolledBack).toMatchObject({ version: v2, status: 'RULE_SET_STATUS_ROLLED_BACK' });
    expect(rolled.active).toMatchObject({ version: v1, status: 'RULE_SET_STATUS_ACTIVE' });
    expect((await engine.getActiveRuleSet()).active?.version).toBe(v1);

    // v1 replaced nothing: there is no further step back.
    expect((await refusal(sam.rollbackRuleSet({ reason: 'again' }))).grpcDetails).toBe(
      `${v1} replaced no earlier version; there is nothing to roll back to`,
    );
    expect(await auditActions(v2)).toEqual([
      'proposed by agent-ann',
      'approved by sup-sue',
      'activated by sup-sue',
      'rolled_back by sup-sam',
    ]);
    const v1Audit = (await ann.getRuleSet({ version: v1 })).audit;
    expect(v1Audit.map((a) => a.action)).toEqual([
      'proposed',
      'approved',
      'activated',
      'retired',
      'activated',
    ]);
    expect(JSON.parse(v1Audit.at(-1)!.detailsJson)).toEqual({
      reason: 'shadow rule floods the console',
      rollbackOf: v2,
    });
    const listed = await ann.listRuleSets({ limit: 10 });
    expect(listed.versions.map((v) => [v.version, v.status, v.yaml])).toEqual([
      [v2, 'RULE_SET_STATUS_ROLLED_BACK', ''],
      [v1, 'RULE_SET_STATUS_ACTIVE', ''],
    ]);
  });

  it('rejects under four eyes too, and a rejected version can never be approved', async () => {
    const v3 = uniqueName('rules-v3');
    await sam.proposeRuleSet({ yaml: oneRuleSet(v3, { score: 99 }) });
    expect((await refusal(sam.rejectRuleSet({ version: v3, comment: '' }))).grpcCode).toBe(7);
    await expect(sue.rejectRuleSet({ version: v3, comment: 'too harsh' })).resolves.toMatchObject({
      status: 'RULE_SET_STATUS_REJECTED',
      decidedBy: 'sup-sue',
    });
    expect((await refusal(ann.getRuleSet({ version: 'no-such-version' }))).grpcCode).toBe(5);
    expect((await refusal(sue.approveRuleSet({ version: v3, comment: '' }))).grpcDetails).toBe(
      `${v3} is rejected, not proposed`,
    );
    expect(await auditActions(v3)).toEqual(['proposed by sup-sam', 'rejected by sup-sue']);
  });
});
