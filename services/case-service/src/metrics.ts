import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from '@vigil/observability';
import { SEVERITIES, type Severity } from './domain/case-model.ts';
import type { RelayCounters } from './app/relay-outbox.ts';

/** Read at scrape time: the backlog numbers come from PostgreSQL, not from this replica's memory. */
export interface BacklogProbe {
  backlog(): Promise<{ openBySeverity: Record<Severity, number>; oldestOpenAgeSeconds: number }>;
  outboxPending(): Promise<number>;
}

export interface CaseMetrics {
  rpcSeconds: Histogram<'method' | 'code'>;
  watchersDropped: Counter<'reason'>;
  relay: RelayCounters;
}

export function createCaseMetrics(registry: Registry, probe: BacklogProbe): CaseMetrics {
  const registers = [registry];
  const rpcSeconds = new Histogram({
    name: 'vigil_cases_rpc_duration_seconds',
    help: 'CaseService RPC latency from request to response, by method and gRPC status code.',
    labelNames: ['method', 'code'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  new Gauge({
    name: 'vigil_cases_open',
    help: 'Cases not yet resolved (open or in progress), by severity.',
    labelNames: ['severity'],
    registers,
    async collect() {
      const { openBySeverity } = await probe.backlog().catch(() => ({ openBySeverity: undefined }));
      if (!openBySeverity) return;
      for (const severity of SEVERITIES) this.set({ severity }, openBySeverity[severity]);
    },
  });
  new Gauge({
    name: 'vigil_cases_backlog_oldest_open_seconds',
    help: 'Age of the oldest unresolved case; grows when agents fall behind.',
    registers,
    async collect() {
      const backlog = await probe.backlog().catch(() => undefined);
      if (backlog) this.set(backlog.oldestOpenAgeSeconds);
    },
  });
  new Gauge({
    name: 'vigil_cases_outbox_pending',
    help: 'Outbox records committed but not yet acknowledged by Kafka; grows while Kafka is unreachable.',
    registers,
    async collect() {
      const pending = await probe.outboxPending().catch(() => undefined);
      if (pending !== undefined) this.set(pending);
    },
  });
  const watchersDropped = new Counter({
    name: 'vigil_cases_watchers_dropped_total',
    help: 'WatchCases streams ended by the server: too slow to read (overflow) or change feed interrupted.',
    labelNames: ['reason'],
    registers,
  });
  return {
    rpcSeconds,
    watchersDropped,
    relay: {
      relayed: new Counter({
        name: 'vigil_cases_outbox_relayed_total',
        help: 'Outbox records acknowledged by Kafka and marked sent, by kind.',
        labelNames: ['kind'],
        registers,
      }),
      rejected: new Counter({
        name: 'vigil_cases_outbox_rejected_total',
        help: 'Outbox records that fail their wire schema and are parked instead of sent.',
        registers,
      }),
      pruned: new Counter({
        name: 'vigil_cases_outbox_pruned_total',
        help: 'Sent outbox rows deleted after the retention period (OUTBOX_RETENTION_HOURS).',
        registers,
      }),
      failures: new Counter({
        name: 'vigil_cases_outbox_publish_failures_total',
        help: 'Outbox publish attempts that failed and will be retried, by error code.',
        labelNames: ['code'],
        registers,
      }),
    },
  };
}
