import { describe, expect, it } from 'vitest';
import { latencyAnatomy } from './engine-diagnostics.ts';
import { parsePromText } from './prom-text.ts';

const snapshot = (records: number, batches: number, publishes: number, publishSeconds: number) =>
  parsePromText(`
vigil_kafka_consume_delay_seconds_sum{topic="a"} ${records * 0.008}
vigil_kafka_consume_delay_seconds_count{topic="a"} ${records}
vigil_kafka_batch_duration_seconds_sum{topic="a"} ${batches * 0.01}
vigil_kafka_batch_duration_seconds_count{topic="a"} ${batches}
vigil_risk_batch_stage_seconds_sum{stage="publish"} ${publishSeconds}
vigil_risk_batch_stage_seconds_count{stage="publish"} ${publishes}
vigil_risk_batch_stage_seconds_sum{stage="prepare"} 1
vigil_risk_batch_stage_seconds_count{stage="prepare"} 10
`);

describe('latencyAnatomy', () => {
  it('reports means over the interval between two snapshots, not since start', () => {
    const a = latencyAnatomy(snapshot(100, 50, 50, 0.25), snapshot(400, 150, 150, 0.75));
    expect(a.recordsPerBatch).toBe(3);
    expect(a.deliveryMs).toBeCloseTo(8);
    expect(a.batchMs).toBeCloseTo(10);
    expect(a.publishMs).toBeCloseTo(5);
    // Nothing observed in between: no mean, rather than a stale one.
    expect(a.prepareMs).toBeNaN();
    expect(a.scoringMs).toBeNaN();
  });
});
