import { sumOf, type PromSample } from './prom-text.ts';

export interface EngineDiagnostics {
  outcomes: Record<string, number>;
  topRules: { rule: string; hits: number }[];
  scoringBatches: number;
  /** Mean of vigil_risk_scoring_seconds (feature-store round trip + rule evaluation per batch). */
  meanScoringMs: number;
  /** Mean of vigil_risk_redis_seconds (one feature-store pipeline/script call). */
  meanRedisMs: number;
  /** vigil_risk_redis_round_trips_total: the feature store's pipelines. */
  redisRoundTrips: number;
  /** RaiseCase calls the benchmark acknowledged for the engine. */
  casesRaised: number;
}

function meanMs(samples: readonly PromSample[], name: string): { count: number; meanMs: number } {
  const count = sumOf(samples, `${name}_count`);
  return {
    count,
    meanMs: count === 0 ? Number.NaN : (sumOf(samples, `${name}_sum`) * 1_000) / count,
  };
}

/** Where the engine's time and decisions went, from its own /metrics. */
export function engineDiagnostics(samples: readonly PromSample[]): EngineDiagnostics {
  const outcomes: Record<string, number> = {};
  for (const s of samples.filter((s) => s.name === 'vigil_risk_decisions_total')) {
    const outcome = s.labels.outcome ?? '?';
    outcomes[outcome] = (outcomes[outcome] ?? 0) + s.value;
  }
  const topRules = samples
    .filter((s) => s.name === 'vigil_risk_rule_hits_total' && s.labels.mode === 'enforce')
    .map((s) => ({ rule: s.labels.rule ?? '?', hits: s.value }))
    .sort((a, b) => b.hits - a.hits)
    .slice(0, 5);
  const scoring = meanMs(samples, 'vigil_risk_scoring_seconds');
  return {
    outcomes,
    topRules,
    scoringBatches: scoring.count,
    meanScoringMs: scoring.meanMs,
    meanRedisMs: meanMs(samples, 'vigil_risk_redis_seconds').meanMs,
    redisRoundTrips: sumOf(samples, 'vigil_risk_redis_round_trips_total'),
    casesRaised: sumOf(samples, 'bench_cases_acknowledged_total'),
  };
}
