import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Delivery latency spans seconds (direct send) to hours (retries, backlog). */
const DELIVERY_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14_400];

export type NotifierMetrics = ReturnType<typeof createNotifierMetrics>;

export function createNotifierMetrics(registry: Registry) {
  return {
    notifications: new Counter({
      name: 'vigil_notifier_notifications_total',
      help: 'Notification outcomes: sent (provider accepted), failed (an attempt failed and will be retried), suppressed (rate limit, recorded not sent), dead (gave up). channel="none" when no channel was chosen.',
      labelNames: ['channel', 'kind', 'status'] as const,
      registers: [registry],
    }),
    deliveryLatency: new Histogram({
      name: 'vigil_notifier_delivery_latency_seconds',
      help: 'Time from the cause (decision decidedAt, or case resolution time) to the provider accepting the notice.',
      labelNames: ['channel', 'kind'] as const,
      buckets: DELIVERY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    outboxOldestAge: new Gauge({
      name: 'vigil_notifier_outbox_oldest_pending_seconds',
      help: 'Age of the oldest notification not yet sent, dead or suppressed (0 when none); grows when delivery is stuck.',
      registers: [registry],
    }),
    intake: new Counter({
      name: 'vigil_notifier_intake_records_total',
      help: 'Consumed records by topic and result: queued (a notice row was created), coalesced (its incident\'s notice covers it), superseded (no "was this you?": the incident is locked), answer (a customer answer applied to its incident), duplicate (recorded before: a replay), ignored (needs no notice; allow and review decisions carrying the vigil-outcome header are passed over before decoding and counted only in vigil_kafka_records_processed_total), stale (decided before NOTICES_RETENTION_DAYS: its notice may have been deleted, so it gets none).',
      labelNames: ['topic', 'result'] as const,
      registers: [registry],
    }),
    noticesCoalesced: new Counter({
      name: 'vigil_notifier_notices_coalesced_total',
      help: 'Decisions and case resolutions that got no notice of their own because their incident already had one of that kind: listed in it while still unsent (outcome="listed"), or covered by the one already on its way or sent (outcome="covered").',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    noticesSuppressed: new Counter({
      name: 'vigil_notifier_notices_suppressed_total',
      help: 'Notices not sent, by reason: rate_limit (over the per-account limit, row kept as suppressed), replaced_by_lock (an unsent "was this you?" withdrawn because the incident got a lock notice), incident_locked (no "was this you?" created: the incident already has a lock notice or a "not me").',
      labelNames: ['kind', 'reason'] as const,
      registers: [registry],
    }),
    incidents: new Counter({
      name: 'vigil_notifier_incidents_total',
      help: 'Notice incidents by event: opened, expired (window passed without a new decision), locked (the customer answered "not me"), closed_restored (access restored), closed_confirmed (the customer answered "yes, it was me").',
      labelNames: ['event'] as const,
      registers: [registry],
    }),
    verificationAnswers: new Counter({
      name: 'vigil_notifier_verification_answers_total',
      help: 'Verification answers posted by customers, by answer (yes/no) and result (recorded, duplicate, conflict, invalid, expired, not_found, error).',
      labelNames: ['answer', 'result'] as const,
      registers: [registry],
    }),
    noticesPruned: new Counter({
      name: 'vigil_notifier_pruned_rows_total',
      help: 'Rows deleted past NOTICES_RETENTION_DAYS, by table: notifications, answers (verification answers), causes (decisions recorded against notices), incidents.',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    loopErrors: new Counter({
      name: 'vigil_notifier_loop_errors_total',
      help: 'Background loop iterations (dispatcher, case-escalator, retention) that failed, usually PostgreSQL unreachable; the loop backs off and retries.',
      labelNames: ['loop'] as const,
      registers: [registry],
    }),
    caseEscalations: new Counter({
      name: 'vigil_notifier_case_escalations_total',
      help: 'RaiseCase calls for customers who answered "not me": raised, or failed (retried with backoff).',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
  };
}
