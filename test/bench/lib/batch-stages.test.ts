import { describe, expect, it } from 'vitest';
import { batchStagesOf, renderStages, stagesSince } from './batch-stages.ts';
import { parsePromText } from './prom-text.ts';

const scrape = (scoring: [number, number], publish: [number, number]) =>
  batchStagesOf(
    parsePromText(`# HELP x
vigil_risk_scoring_seconds_sum ${scoring[0]}
vigil_risk_scoring_seconds_count ${scoring[1]}
vigil_risk_batch_stage_seconds_bucket{le="0.01",stage="publish"} 3
vigil_risk_batch_stage_seconds_sum{stage="publish"} ${publish[0]}
vigil_risk_batch_stage_seconds_count{stage="publish"} ${publish[1]}
vigil_risk_batch_stage_seconds_sum{stage="prepare"} 0.5
vigil_risk_batch_stage_seconds_count{stage="prepare"} 10
`),
  );

describe('batch stages', () => {
  it('reads the seconds and batches of each stage and renders the mean per batch between two readings', () => {
    const before = scrape([2, 10], [1, 10]);
    expect(before.get('publish')).toEqual({ seconds: 1, batches: 10 });
    const since = stagesSince(before, scrape([2.6, 40], [1.45, 40]));
    expect(since.get('scoring')!.batches).toBe(30);
    expect(since.get('scoring')!.seconds).toBeCloseTo(0.6);
    expect(since.get('prepare')).toEqual({ seconds: 0, batches: 0 });
    const table = renderStages(['A', 'B'], [since, new Map()]);
    expect(table).toMatch(/\| publish +\| 15\.0 ms \(30\) +\| – +\|/);
    expect(table).toMatch(/\| scoring +\| 20\.0 ms \(30\) +\| – +\|/);
    expect(table).toMatch(/\| prepare +\| – +\| – +\|/);
  });
});
