import { benignAccountStream } from './benign-account.ts';
import { planBenignChain } from './benign-chains.ts';
import { byTime, EventWriter, type PlannedRecord } from './event-writer.ts';
import type { GroundTruth, ScenarioName } from './ground-truth.ts';
import { mergeByTime } from './merge-by-time.ts';
import { createPopulation } from './population.ts';
import { Prng } from './prng.ts';
import { SCENARIO_CATALOG } from './scenarios/catalog.ts';
import { unschedulable } from './scenarios/scenario.ts';
import { defaultEpisodes, trafficOptions, type TrafficOptionsInput } from './traffic-options.ts';

/** One scheduled episode, for callers that want the plan (tests, the demo's narration). */
export interface EpisodePlan {
  episodeId: string;
  scenario: ScenarioName;
  startsAt: number;
}

/** A requested scenario that got no episodes, and why. */
export interface SkippedScenario {
  scenario: ScenarioName;
  reason: string;
}

/** Which of the requested scenarios get episodes with this population and measured period, and why the others do not. */
export function scheduledScenarios(scenarios: readonly ScenarioName[], accounts: number, durationMs: number): { scheduled: ScenarioName[]; skipped: SkippedScenario[] } {
  const scheduled: ScenarioName[] = [];
  const skipped: SkippedScenario[] = [];
  for (const scenario of scenarios) {
    const reason = unschedulable(SCENARIO_CATALOG[scenario], accounts, durationMs);
    if (reason === null) scheduled.push(scenario);
    else skipped.push({ scenario, reason });
  }
  return { scheduled, skipped };
}

/**
 * The whole simulation as a lazy, time-ordered stream: benign customers plus attack episodes,
 * each from its own named random stream. Pure: no clock, no I/O.
 */
export function generateTraffic(input: TrafficOptionsInput): { episodes: EpisodePlan[]; skipped: SkippedScenario[]; records: Iterable<PlannedRecord> } {
  const options = trafficOptions.parse(input);
  const runId = options.runId ?? `s${options.seed}`;
  const measureStart = options.start;
  const end = measureStart + options.duration;
  const historyStart = measureStart - options.warmup;
  const population = createPopulation(options.seed, runId, options.accounts, historyStart);
  const perScenario = options.episodesPerScenario ?? defaultEpisodes(options.accounts);

  const episodes: EpisodePlan[] = [];
  const episodeSources: PlannedRecord[][] = [];
  const { scheduled, skipped } = scheduledScenarios(perScenario > 0 ? options.scenarios : [], population.length, options.duration);
  for (const name of scheduled) {
    const scenario = SCENARIO_CATALOG[name];
    for (let k = 0; k < perScenario; k++) {
      const episodeId = `${runId}-${name}-${k}`;
      const rng = new Prng(options.seed, `episode:${name}:${k}`);
      const startsAt = Math.round(measureStart + rng.between(0, Math.max(0, options.duration - scenario.spanMs)));
      const writer = new EventWriter(episodeId, { label: 'attack', scenario: name, episodeId });
      episodes.push({ episodeId, scenario: name, startsAt });
      episodeSources.push(byTime(scenario.generate({ rng, runId, episodeId, writer, population }, startsAt)));
    }
  }
  const benignSources = population.map((account) => {
    const chain = planBenignChain(new Prng(options.seed, `chain:${account.index}`), account, measureStart, end, options.chainShare);
    return benignAccountStream(account, new Prng(options.seed, `traffic:${account.index}`), runId, historyStart, end, chain);
  });
  const merged = mergeByTime([...benignSources, ...episodeSources]);
  return { episodes, skipped, records: markWarmup(merged, measureStart) };
}

function* markWarmup(records: Iterable<PlannedRecord>, measureStart: number): Generator<PlannedRecord> {
  for (const planned of records) {
    if (planned.at < measureStart) {
      const label: GroundTruth = { ...planned.record.label, warmup: true };
      yield { at: planned.at, record: { ...planned.record, label } };
    } else yield planned;
  }
}
