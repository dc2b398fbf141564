import { describe, expect, it } from 'vitest';
import { liveStages, type StackMetrics } from './live-stages.ts';
import { parsePromText } from './prom-text.ts';

const snapshot = (n: number): StackMetrics => ({
  riskEngine: parsePromText(`
vigil_kafka_consume_delay_seconds_sum{topic="t"} ${n * 10 * 0.004}
vigil_kafka_consume_delay_seconds_count{topic="t"} ${n * 10}
vigil_kafka_ordered_batch_seconds_sum ${n * 0.02}
vigil_kafka_ordered_batch_seconds_count ${n}
vigil_risk_scoring_seconds_sum ${n * 0.006}
vigil_risk_scoring_seconds_count ${n}
vigil_risk_batch_stage_seconds_sum{stage="effects"} ${n * 0.003}
vigil_risk_batch_stage_seconds_count{stage="effects"} ${n}
vigil_kafka_order_holds_total{reason="idle"} ${n * 3}
vigil_kafka_order_holds_total{reason="lagging"} ${n}
`),
  caseService: parsePromText(`
vigil_cases_rpc_duration_seconds_sum{method="RaiseCase",code="OK"} ${n * 0.002}
vigil_cases_rpc_duration_seconds_count{method="RaiseCase",code="OK"} ${n}
vigil_cases_rpc_duration_seconds_sum{method="ListCases",code="OK"} 99
vigil_cases_rpc_duration_seconds_count{method="ListCases",code="OK"} ${n * 7}
`),
  notifier: parsePromText(`
vigil_kafka_consume_delay_seconds_sum{topic="d"} ${n * 20 * 0.005}
vigil_kafka_consume_delay_seconds_count{topic="d"} ${n * 20}
vigil_kafka_batch_duration_seconds_sum{topic="d"} ${n * 4 * 0.008}
vigil_kafka_batch_duration_seconds_count{topic="d"} ${n * 4}
vigil_notifier_delivery_latency_seconds_sum{channel="email",kind="verification_request"} ${n * 0.3}
vigil_notifier_delivery_latency_seconds_count{channel="email",kind="verification_request"} ${n}
`),
});

const withHandlerCalls = (n: number): StackMetrics => {
  const s = snapshot(n);
  return {
    ...s,
    notifier: [
      ...s.notifier,
      ...parsePromText(`vigil_kafka_handler_calls_total{group="notifier"} ${n * 2}`),
    ],
  };
};

describe('liveStages', () => {
  it('takes every service’s means over the interval between two snapshots', () => {
    const s = liveStages(snapshot(10), snapshot(30));
    expect(s.engine.recordsPerBatch).toBe(10);
    expect(s.engine.deliveryMs).toBeCloseTo(4);
    expect(s.engine.batchMs).toBeCloseTo(20);
    expect(s.engine.scoringMs).toBeCloseTo(6);
    expect(s.engine.effectsMs).toBeCloseTo(3);
    expect(s.engine.publishMs).toBeNaN();
    expect(s.orderHolds).toEqual({ idle: 60, lagging: 20, unknown: 0, unconfirmed: 0, forced: 0 });
    // RaiseCase only: ListCases calls on the same histogram are someone else's.
    expect(s.raiseCases).toBe(20);
    expect(s.raiseCaseMs).toBeCloseTo(2);
    expect(s.notifierRecordsPerBatch).toBe(5);
    expect(s.notifierDeliveryMs).toBeCloseTo(5);
    expect(s.notifierBatchMs).toBeCloseTo(8);
    expect(s.noticesSent).toBe(20);
    expect(s.noticeLatencyMs).toBeCloseTo(300);
  });

  it('counts the notifier’s records per handler call (a fetch’s partitions together) when it reports them', () => {
    const s = liveStages(withHandlerCalls(10), withHandlerCalls(30));
    expect(s.notifierRecordsPerBatch).toBe(10);
    expect(s.notifierBatchMs).toBeCloseTo(8);
  });
});
