import { describe, expect, it } from 'vitest';
import { isVigilError } from '@vigil/errors';
import { riskDecision } from '@vigil/events';
import { buildDecision } from './decision.ts';
import { evaluate } from './evaluate.ts';
import { requiredFeatures } from './feature-plan.ts';
import { InMemoryFeatureStore } from './in-memory-feature-store.ts';
import { listMutation } from './list-mutations.ts';
import { T0, lastOf, ruleIds, ruleSetOf, times, tx } from './test-helpers.ts';

const mcc = (id: string, mode: string, score: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'high-risk-mcc',
  mode,
  score,
  params: { mccs: ['7995'] },
  ...extra,
});
const casino = () => tx({ merchant: { id: 'm-1', mcc: '7995' } });

describe('evaluate', () => {
  it('enforced hits make the score and outcome; shadow hits are only reported; off rules are skipped', async () => {
    const ruleSet = ruleSetOf([
      mcc('enforced', 'enforce', 50),
      mcc('shadowed', 'shadow', 99),
      mcc('switched-off', 'off', 99),
    ]);
    const evaluation = await lastOf(ruleSet, [casino()]);
    expect(evaluation.score).toBe(50);
    expect(evaluation.outcome).toBe('challenge');
    expect(ruleIds(evaluation)).toEqual(['enforced']);
    expect(evaluation.shadowReasons.map((r) => r.rule)).toEqual(['shadowed']);
    expect(evaluation.ruleSetVersion).toBe('test-1');
  });

  it('a shadow rule never changes score or outcome', async () => {
    const withShadow = await lastOf(ruleSetOf([mcc('a', 'enforce', 30), mcc('b', 'shadow', 100)]), [
      casino(),
    ]);
    const without = await lastOf(ruleSetOf([mcc('a', 'enforce', 30)]), [casino()]);
    expect(withShadow.score).toBe(without.score);
    expect(withShadow.outcome).toBe('allow');
  });

  it('combines enforced hits with the configured combination', async () => {
    const noisy = await lastOf(ruleSetOf([mcc('a', 'enforce', 50), mcc('b', 'enforce', 50)]), [
      casino(),
    ]);
    expect(noisy.score).toBe(75);
    expect(noisy.outcome).toBe('review');
    const summed = await lastOf(
      ruleSetOf([mcc('a', 'enforce', 50), mcc('b', 'enforce', 50)], { combination: 'capped_sum' }),
      [casino()],
    );
    expect(summed.score).toBe(100);
    expect(summed.outcome).toBe('block');
  });

  it('a forced outcome raises a low score to block (deny-listed device)', async () => {
    const ruleSet = ruleSetOf([
      { id: 'deny', type: 'deny-list', mode: 'enforce', score: 10, params: { outcome: 'block' } },
    ]);
    const store = new InMemoryFeatureStore();
    await store.applyListMutations([
      listMutation('add', 'deny', 'device', 'global', 'someone-else', 'dev-bad'),
    ]);
    const evaluation = await lastOf(ruleSet, [tx({ device: { id: 'dev-bad' } })], store);
    expect(evaluation.score).toBe(10);
    expect(evaluation.outcome).toBe('block');
    expect(evaluation.forcedBy).toEqual(['deny']);
    const clean = await lastOf(ruleSet, [tx({ device: { id: 'dev-ok' } })], store);
    expect(clean.outcome).toBe('allow');
  });

  it('a forced outcome in shadow mode forces nothing', async () => {
    const ruleSet = ruleSetOf([
      { id: 'deny', type: 'deny-list', mode: 'shadow', score: 100, params: {} },
    ]);
    const store = new InMemoryFeatureStore();
    await store.applyListMutations([
      listMutation('add', 'deny', 'ip', 'global', 'x', '203.0.113.9'),
    ]);
    const evaluation = await lastOf(ruleSet, [tx({ ip: '203.0.113.9' })], store);
    expect(evaluation.outcome).toBe('allow');
    expect(evaluation.shadowReasons.map((r) => r.rule)).toEqual(['deny']);
  });

  it('an allow-listed IP exempts rules that name it in exemptIfAllowed', async () => {
    const velocity = {
      id: 'ip-burst',
      type: 'velocity',
      mode: 'enforce',
      score: 60,
      exemptIfAllowed: [{ entity: 'ip' }],
      params: { dimension: 'ip', window: '1m', tiers: [{ atLeast: 2 }] },
    };
    const events = () =>
      times(2, (i) => tx({ ip: '198.51.100.7', at: T0 + i, accountId: `acct-${i}` }));
    expect(ruleIds(await lastOf(ruleSetOf([velocity]), events()))).toEqual(['ip-burst']);
    const store = new InMemoryFeatureStore();
    await store.applyListMutations([
      listMutation('add', 'allow', 'ip', 'global', 'ops', '198.51.100.7'),
    ]);
    expect(ruleIds(await lastOf(ruleSetOf([velocity]), events(), store))).toEqual([]);
  });

  it('requiredFeatures is deterministic and shares identical features between rules', () => {
    const velocity = (id: string) => ({
      id,
      type: 'velocity',
      mode: 'enforce',
      score: 40,
      params: { dimension: 'card', window: '1h', tiers: [{ atLeast: 3 }] },
    });
    const ruleSet = ruleSetOf([velocity('a'), velocity('b'), { ...velocity('c'), mode: 'off' }]);
    const event = tx({ card: { fingerprint: 'fp-1' } });
    const first = requiredFeatures(ruleSet, event);
    expect(first).toHaveLength(1);
    expect(requiredFeatures(ruleSet, event)).toEqual(first);
    expect(first[0]?.id).toMatch(/^v1:ctr:\{fp-1\}:card:/);
    expect(requiredFeatures(ruleSetOf([{ ...velocity('c'), mode: 'off' }]), event)).toEqual([]);
  });

  it('a feature the store did not return is a retryable FEATURE_MISSING error', () => {
    const ruleSet = ruleSetOf([
      {
        id: 'v',
        type: 'velocity',
        mode: 'enforce',
        score: 40,
        params: { dimension: 'account', window: '1h', tiers: [{ atLeast: 3 }] },
      },
    ]);
    try {
      evaluate(tx(), new Map(), ruleSet, T0);
      expect.unreachable();
    } catch (error) {
      expect(isVigilError(error) && error.code === 'FEATURE_MISSING' && error.retryable).toBe(true);
    }
  });

  it('buildDecision produces a valid risk.decisions.v1 record with a decision id derived from the event id', async () => {
    const scored = tx({
      device: { id: 'd-1' },
      ip: '192.0.2.1',
      merchant: { id: 'm', mcc: '7995' },
    });
    const evaluation = await lastOf(ruleSetOf([mcc('casino', 'enforce', 45)]), [scored]);
    const decision = riskDecision.parse(buildDecision(scored, evaluation));
    expect(decision.decisionId).toBe(`dec-${scored.event.eventId}`);
    expect(decision.subject).toEqual({
      transactionId: scored.kind === 'transaction' ? scored.event.transactionId : '',
      deviceId: 'd-1',
      ip: '192.0.2.1',
      merchantId: 'm',
      paymentStatus: 'approved',
    });
    expect(decision.outcome).toBe('challenge');
    expect(decision.reasons[0]).toMatchObject({ rule: 'casino', score: 45, observed: '7995' });
  });
});
