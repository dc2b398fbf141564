import { latencyAnatomy, meanBetween, type LatencyAnatomy } from './engine-diagnostics.ts';
import { sumOf, type PromSample } from './prom-text.ts';

/** One /metrics snapshot of each service of the stack. */
export interface StackMetrics {
  riskEngine: readonly PromSample[];
  caseService: readonly PromSample[];
  notifier: readonly PromSample[];
}

/** Where the stack's time went over an interval, from the services' own metrics (means, ms). */
export interface LiveStages {
  /** The risk engine's batch anatomy (delivery, buffered → commit, prepare, scoring, …). */
  engine: LatencyAnatomy;
  /**
   * Times the engine's event-time merge had nothing it could hand out, by reason (idle: an input
   * caught up but empty, lagging: one with unread records, unknown: one not fetched yet), and
   * times it stopped waiting for an input (forced).
   */
  orderHolds: {
    idle: number;
    lagging: number;
    unknown: number;
    unconfirmed: number;
    forced: number;
  };
  /** RaiseCase calls case-service answered, and their mean duration at the server. */
  raiseCases: number;
  raiseCaseMs: number;
  /**
   * The notifier's intake consumer: records per handler call (one transaction each: a fetch's
   * partitions together; per partition batch for builds without the handler-calls metric),
   * delivery and partition batch means.
   */
  notifierRecordsPerBatch: number;
  notifierDeliveryMs: number;
  notifierBatchMs: number;
  /** Notices the providers (the local sinks) accepted, and decidedAt → accepted (mean). */
  noticesSent: number;
  noticeLatencyMs: number;
}

/** The difference of two snapshots of every service: per-stage means over that interval. */
export function liveStages(before: StackMetrics, after: StackMetrics): LiveStages {
  const raise = meanBetween(
    before.caseService,
    after.caseService,
    'vigil_cases_rpc_duration_seconds',
    { method: 'RaiseCase' },
  );
  const notifierDelivery = meanBetween(
    before.notifier,
    after.notifier,
    'vigil_kafka_consume_delay_seconds',
  );
  const notifierBatch = meanBetween(
    before.notifier,
    after.notifier,
    'vigil_kafka_batch_duration_seconds',
  );
  const noticeLatency = meanBetween(
    before.notifier,
    after.notifier,
    'vigil_notifier_delivery_latency_seconds',
  );
  const notifierCalls =
    sumOf(after.notifier, 'vigil_kafka_handler_calls_total') -
    sumOf(before.notifier, 'vigil_kafka_handler_calls_total');
  const engineDelta = (name: string, where: Record<string, string> = {}) =>
    sumOf(after.riskEngine, name, where) - sumOf(before.riskEngine, name, where);
  const holds = (reason: string) => engineDelta('vigil_kafka_order_holds_total', { reason });
  return {
    engine: latencyAnatomy(before.riskEngine, after.riskEngine),
    orderHolds: {
      idle: holds('idle'),
      lagging: holds('lagging'),
      unknown: holds('unknown'),
      unconfirmed: holds('unconfirmed'),
      forced: engineDelta('vigil_kafka_order_forced_total'),
    },
    raiseCases: raise.count,
    raiseCaseMs: raise.meanMs,
    notifierRecordsPerBatch:
      notifierCalls > 0
        ? notifierDelivery.count / notifierCalls
        : notifierBatch.count === 0
          ? Number.NaN
          : notifierDelivery.count / notifierBatch.count,
    notifierDeliveryMs: notifierDelivery.meanMs,
    notifierBatchMs: notifierBatch.meanMs,
    noticesSent: noticeLatency.count,
    noticeLatencyMs: noticeLatency.meanMs,
  };
}
