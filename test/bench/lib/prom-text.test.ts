import { describe, expect, it } from 'vitest';
import { parsePromText, sumOf } from './prom-text.ts';

describe('parsePromText', () => {
  const body = [
    '# HELP vigil_risk_decisions_total Decisions',
    '# TYPE vigil_risk_decisions_total counter',
    'vigil_risk_decisions_total{outcome="allow",event_type="login"} 12',
    'vigil_risk_decisions_total{outcome="block",event_type="transaction"} 3',
    'vigil_risk_scoring_seconds_sum 1.5',
    'vigil_risk_scoring_seconds_count 6',
    'odd{message="say \\"hi\\", a=b"} 1',
    '',
  ].join('\n');

  it('reads names, labels (with escapes) and values', () => {
    const samples = parsePromText(body);
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual({
      name: 'vigil_risk_decisions_total',
      labels: { outcome: 'allow', event_type: 'login' },
      value: 12,
    });
    expect(samples[4]?.labels).toEqual({ message: 'say "hi", a=b' });
  });

  it('sums a metric over the labels asked for', () => {
    const samples = parsePromText(body);
    expect(sumOf(samples, 'vigil_risk_decisions_total')).toBe(15);
    expect(sumOf(samples, 'vigil_risk_decisions_total', { outcome: 'block' })).toBe(3);
    expect(sumOf(samples, 'vigil_risk_scoring_seconds_count')).toBe(6);
    expect(sumOf(samples, 'missing')).toBe(0);
  });
});
