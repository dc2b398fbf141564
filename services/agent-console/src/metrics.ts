import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from '@vigil/observability';

export interface ConsoleMetrics {
  apiSeconds: Histogram<'route' | 'status'>;
  signIns: Counter<'outcome'>;
}

export function createConsoleMetrics(
  registry: Registry,
  live: { sessions(): number; streams(): number },
): ConsoleMetrics {
  const registers = [registry];
  new Gauge({
    name: 'vigil_console_sessions',
    help: 'Signed-in console sessions held by this replica (expired ones are swept every minute).',
    registers,
    collect() {
      this.set(live.sessions());
    },
  });
  new Gauge({
    name: 'vigil_console_live_streams',
    help: 'Open live-queue streams (Server-Sent Events), each backed by a WatchCases call.',
    registers,
    collect() {
      this.set(live.streams());
    },
  });
  return {
    apiSeconds: new Histogram({
      name: 'vigil_console_api_duration_seconds',
      help: 'Console API latency from request to response (case-service calls included), by route and HTTP status.',
      labelNames: ['route', 'status'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    }),
    signIns: new Counter({
      name: 'vigil_console_sign_ins_total',
      help: 'Sign-in attempts: ok, rejected (unknown or service token) or limited (rate limit hit).',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
