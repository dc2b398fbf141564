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
  return meanBetween([], samples, name);
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

/** Mean of a histogram over an interval: the difference of two /metrics snapshots. */
export function meanBetween(
  before: readonly PromSample[],
  after: readonly PromSample[],
  name: string,
  where: Record<string, string> = {},
): { count: number; meanMs: number } {
  const count = sumOf(after, `${name}_count`, where) - sumOf(before, `${name}_count`, where);
  const sum = sumOf(after, `${name}_sum`, where) - sumOf(before, `${name}_sum`, where);
  return { count, meanMs: count === 0 ? Number.NaN : (sum * 1_000) / count };
}

/** Where a subject's time went over an interval, from its own metrics (means, ms). */
export interface LatencyAnatomy {
  recordsPerBatch: number;
  /** Per record: Kafka timestamp → its batch reaching the handler (broker, fetch, queueing). */
  deliveryMs: number;
  /** Per batch: the runner's decode → handler → commit (a merged batch for ordered subjects). */
  batchMs: number;
  /**
   * Per record, ordered subjects: entering the event-time buffer → its unit's commit (ordering
   * waits + batch); NaN for per-partition subjects.
   */
  bufferedToCommitMs: number;
  /** Per batch, engine only (NaN for the pass-through). */
  prepareMs: number;
  scoringMs: number;
  effectsMs: number;
  publishMs: number;
}

export function latencyAnatomy(
  before: readonly PromSample[],
  after: readonly PromSample[],
): LatencyAnatomy {
  const delivery = meanBetween(before, after, 'vigil_kafka_consume_delay_seconds');
  const merged = meanBetween(before, after, 'vigil_kafka_ordered_batch_seconds');
  const batch =
    merged.count > 0 ? merged : meanBetween(before, after, 'vigil_kafka_batch_duration_seconds');
  const stage = (name: string) =>
    meanBetween(before, after, 'vigil_risk_batch_stage_seconds', { stage: name }).meanMs;
  return {
    recordsPerBatch: batch.count === 0 ? Number.NaN : delivery.count / batch.count,
    deliveryMs: delivery.meanMs,
    batchMs: batch.meanMs,
    bufferedToCommitMs: meanBetween(before, after, 'vigil_kafka_ordered_processing_delay_seconds')
      .meanMs,
    prepareMs: stage('prepare'),
    scoringMs: meanBetween(before, after, 'vigil_risk_scoring_seconds').meanMs,
    effectsMs: stage('effects'),
    publishMs: stage('publish'),
  };
}
