import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service, passed to whoever registers metrics; no global default registry,
 * so two services (or two tests) in one process never collide.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
  return registry;
}

/** Latency buckets in seconds, from sub-millisecond Redis calls to multi-second retries. */
export const LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
