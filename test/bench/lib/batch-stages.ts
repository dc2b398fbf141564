import { markdownTable } from './markdown.ts';
import { fmt } from './stats.ts';
import type { PromSample } from './prom-text.ts';

/** Seconds and batches an engine spent per stage of a batch, from its own histograms. */
export type BatchStages = Map<string, { seconds: number; batches: number }>;

/** Scoring (vigil_risk_scoring_seconds) and the other stages (vigil_risk_batch_stage_seconds). */
export function batchStagesOf(samples: readonly PromSample[]): BatchStages {
  const stages: BatchStages = new Map();
  const add = (stage: string, field: 'seconds' | 'batches', value: number) => {
    const known = stages.get(stage) ?? { seconds: 0, batches: 0 };
    known[field] += value;
    stages.set(stage, known);
  };
  for (const { name, labels, value } of samples) {
    if (name === 'vigil_risk_scoring_seconds_sum') add('scoring', 'seconds', value);
    if (name === 'vigil_risk_scoring_seconds_count') add('scoring', 'batches', value);
    if (name === 'vigil_risk_batch_stage_seconds_sum') add(labels.stage ?? '?', 'seconds', value);
    if (name === 'vigil_risk_batch_stage_seconds_count') add(labels.stage ?? '?', 'batches', value);
  }
  return stages;
}

/** What happened between two readings. */
export function stagesSince(before: BatchStages, after: BatchStages): BatchStages {
  const since: BatchStages = new Map();
  for (const [stage, { seconds, batches }] of after) {
    const was = before.get(stage) ?? { seconds: 0, batches: 0 };
    since.set(stage, { seconds: seconds - was.seconds, batches: batches - was.batches });
  }
  return since;
}

/** Mean milliseconds per batch of each stage, per engine, over the measured steps. */
export function renderStages(names: readonly string[], stages: readonly BatchStages[]): string {
  const all = [...new Set(stages.flatMap((s) => [...s.keys()]))].sort();
  const cell = (s: BatchStages, stage: string) => {
    const known = s.get(stage);
    return known && known.batches > 0
      ? `${fmt.ms((known.seconds / known.batches) * 1_000)} (${fmt.int(known.batches)})`
      : '–';
  };
  return `Each engine's batches over the measured steps, from its own histograms
(vigil_risk_scoring_seconds, vigil_risk_batch_stage_seconds): mean per batch (batches).

${markdownTable(
  ['stage', ...names],
  all.map((stage) => [stage, ...stages.map((s) => cell(s, stage))]),
)}`;
}
