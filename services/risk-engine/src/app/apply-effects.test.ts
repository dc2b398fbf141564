import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import type { RiskDecision } from '@vigil/events';
import { riskEngineMetrics } from '../metrics.ts';
import { applyEffects, type EffectsDeps } from './apply-effects.ts';
import type { CaseGateway, DecisionSubject, LockClaim } from './ports.ts';

function decision(n: number, outcome: RiskDecision['outcome']): RiskDecision {
  return {
    schemaVersion: 1,
    decisionId: `dec-${n}`,
    eventId: `evt-${n}`,
    eventType: 'transaction',
    accountId: `acct-${n}`,
    occurredAt: '2026-11-24T07:00:00.000Z',
    decidedAt: '2026-11-24T07:00:00.010Z',
    score: 95,
    outcome,
    reasons: [],
    shadowReasons: [],
    ruleSetVersion: 'test',
    subject: { deviceId: `dev-${n}` },
  };
}

function deps(inlineCases: CaseGateway | undefined) {
  const remembered: DecisionSubject[] = [];
  const claims: LockClaim[] = [];
  const effects: EffectsDeps = {
    subjects: {
      remember: (subjects) => Promise.resolve(void remembered.push(...subjects)),
      lookup: () => Promise.resolve(undefined),
    },
    locks: {
      claim: (locks) => {
        claims.push(...locks);
        return Promise.resolve(new Set(locks.map((l) => l.decisionId)));
      },
      release: () => Promise.resolve(),
    },
    inlineCases,
    metrics: riskEngineMetrics(new Registry()),
  };
  return { effects, remembered, claims };
}

const inputs = [decision(1, 'allow'), decision(2, 'review'), decision(3, 'block')].map((d) => ({
  decision: d,
  temporaryLocks: [],
}));

describe('applyEffects', () => {
  it('inline: raises the review and block cases before the batch publishes; a failure fails the batch', async () => {
    const raised: string[] = [];
    const cases: CaseGateway = {
      raiseCase: (d) =>
        Promise.resolve(void raised.push(d.decisionId)).then(() => ({ caseId: 'c' })),
    };
    const { effects, claims } = deps(cases);
    const applied = await applyEffects(effects, inputs);
    expect(raised.sort()).toEqual(['dec-2', 'dec-3']);
    expect(applied.commands.map((c) => c.map((command) => command.commandId))).toEqual([
      [],
      [],
      ['cmd-lock-dec-3'],
    ]);
    expect(claims.map((c) => c.decisionId)).toEqual(['dec-3']);

    const down: CaseGateway = {
      raiseCase: () =>
        Promise.reject(new VigilError('CASE_SERVICE_UNAVAILABLE', 'down', { retryable: true })),
    };
    await expect(applyEffects(deps(down).effects, inputs)).rejects.toMatchObject({
      code: 'CASE_SERVICE_UNAVAILABLE',
    });
  });

  it('from the decisions topic: no RaiseCase here; subjects and lock commands are unchanged', async () => {
    const { effects, remembered, claims } = deps(undefined);
    const applied = await applyEffects(effects, inputs);
    expect(remembered.map((s) => s.decisionId)).toEqual(['dec-2', 'dec-3']);
    expect(claims.map((c) => c.decisionId)).toEqual(['dec-3']);
    expect(applied.commands[2]).toMatchObject([{ action: 'lock', decisionId: 'dec-3' }]);
  });
});
