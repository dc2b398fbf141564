import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import type { RiskDecision } from '@vigil/events';
import { riskEngineMetrics } from '../metrics.ts';
import type { CaseGateway } from './ports.ts';
import { createCaseRaiser, type PublishedDecision } from './raise-cases.ts';

function decision(n: number, outcome: RiskDecision['outcome'], followUp = false): RiskDecision {
  return {
    schemaVersion: 1,
    decisionId: `dec-${n}`,
    eventId: `evt-${n}`,
    eventType: 'transaction',
    accountId: `acct-${n % 3}`,
    occurredAt: '2026-11-24T07:00:00.000Z',
    decidedAt: '2026-11-24T07:00:00.010Z',
    score: outcome === 'block' ? 95 : 75,
    outcome,
    reasons: [],
    shadowReasons: [],
    ruleSetVersion: 'test',
    subject: {},
    ...(followUp
      ? { followUp: { kind: 'late_event' as const, eventId: `evt-${n}`, decisionId: `dec-0` } }
      : {}),
  };
}

const published = (decisions: RiskDecision[]): PublishedDecision[] =>
  decisions.map((d) => ({ decision: d, publishedAt: 1_000 }));

/** case-service in memory: one alert per decisionId, failures on demand, calls in flight. */
class FakeCases implements CaseGateway {
  readonly calls: string[] = [];
  readonly alerts = new Set<string>();
  failing = new Set<string>();
  refusing = new Set<string>();
  inFlight = 0;
  maxInFlight = 0;
  async raiseCase(d: RiskDecision) {
    this.calls.push(d.decisionId);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    if (this.refusing.has(d.decisionId))
      throw new VigilError('CASE_DECISION_REFUSED', 'bad decision', { retryable: false });
    if (this.failing.has(d.decisionId))
      throw new VigilError('CASE_SERVICE_UNAVAILABLE', 'down', { retryable: true });
    this.alerts.add(d.decisionId);
    return { caseId: `case-${d.accountId}` };
  }
}

function setup(concurrency = 4) {
  const registry = new Registry();
  const metrics = riskEngineMetrics(registry);
  const cases = new FakeCases();
  const raise = createCaseRaiser({ cases, metrics, clock: () => 3_500, concurrency });
  const value = async (name: string) =>
    (await registry.getSingleMetric(name)!.get()).values.reduce((sum, v) => sum + v.value, 0);
  return { cases, raise, value, registry };
}

describe('createCaseRaiser', () => {
  it('raises the cases the effects plan asks for (review, block, follow-ups), nothing else', async () => {
    const { cases, raise, value, registry } = setup();
    const batch = [
      decision(1, 'allow'),
      decision(2, 'challenge'),
      decision(3, 'review'),
      decision(4, 'block'),
      decision(5, 'block', true),
    ];
    const acknowledged = new Set<string>();
    expect(await raise(published(batch), acknowledged)).toEqual({ refused: [] });
    expect(cases.calls.sort()).toEqual(['dec-3', 'dec-4', 'dec-5']);
    expect([...acknowledged].sort()).toEqual(['dec-3', 'dec-4', 'dec-5']);
    expect(await value('vigil_risk_cases_raised_total')).toBe(3);
    const delay = await registry.getSingleMetric('vigil_risk_case_raise_delay_seconds')!.get();
    const sum = delay.values.find(
      (v) => 'metricName' in v && v.metricName === 'vigil_risk_case_raise_delay_seconds_sum',
    );
    expect(sum?.value).toBe(7.5); // three cases, each 2.5 s after its decision was published
  });

  it('tries every case of the batch, then fails it; the retry sends only what was not acknowledged', async () => {
    const { cases, raise, value } = setup();
    const batch = published([decision(1, 'review'), decision(2, 'block'), decision(3, 'block')]);
    cases.failing.add('dec-2');
    const acknowledged = new Set<string>();
    await expect(raise(batch, acknowledged)).rejects.toMatchObject({
      code: 'CASE_SERVICE_UNAVAILABLE',
    });
    expect(cases.calls.sort()).toEqual(['dec-1', 'dec-2', 'dec-3']);
    expect(await value('vigil_risk_case_raise_failures_total')).toBe(1);

    cases.failing.clear();
    cases.calls.length = 0;
    await raise(batch, acknowledged);
    expect(cases.calls).toEqual(['dec-2']);
    expect([...cases.alerts].sort()).toEqual(['dec-1', 'dec-2', 'dec-3']);
    expect(await value('vigil_risk_cases_raised_total')).toBe(3);
  });

  it('names the decisions case-service refuses (to dead-letter) instead of failing the batch', async () => {
    const { cases, raise, value } = setup();
    cases.refusing.add('dec-2');
    const result = await raise(
      published([decision(1, 'allow'), decision(2, 'block'), decision(3, 'review')]),
      new Set(),
    );
    expect(result.refused.map(({ index, error }) => [index, error.code])).toEqual([
      [1, 'CASE_DECISION_REFUSED'],
    ]);
    expect([...cases.alerts]).toEqual(['dec-3']);
    expect(await value('vigil_risk_case_raise_failures_total')).toBe(1);
  });

  it('keeps at most `concurrency` RaiseCase calls in flight', async () => {
    const { cases, raise } = setup(3);
    const batch = published(Array.from({ length: 20 }, (_, i) => decision(i, 'review')));
    await raise(batch, new Set());
    expect(cases.calls).toHaveLength(20);
    expect(cases.maxInFlight).toBe(3);
  });
});
