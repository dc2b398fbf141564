import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from '@vigil/observability';

export interface FeatureStoreMetrics {
  redisSeconds: Histogram<'op'>;
  roundTrips: Counter<'op'>;
  replays: Counter<'kind'>;
}

export function createFeatureStoreMetrics(registry: Registry): FeatureStoreMetrics {
  return {
    redisSeconds: new Histogram({
      name: 'vigil_risk_redis_seconds',
      help: 'Time for one Redis round trip of the feature store (a whole batch of events, or a batch of list changes)',
      labelNames: ['op'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    roundTrips: new Counter({
      name: 'vigil_risk_redis_round_trips_total',
      help: 'Redis round trips made by the feature store (pipelines sent); one per batch when healthy',
      labelNames: ['op'],
      registers: [registry],
    }),
    replays: new Counter({
      name: 'vigil_risk_feature_replays_total',
      help: 'Events whose id was already processed, no state changed: kind=retry (same delivery again, first features returned) or duplicate (delivered again upstream; no second decision)',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
