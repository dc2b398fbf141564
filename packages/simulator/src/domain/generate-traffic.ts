import { benignAccountStream } from './benign-account.ts';
import { byTime, EventWriter, type PlannedRecord } from './event-writer.ts';
import type { GroundTruth, ScenarioName } from './ground-truth.ts';
import { mergeByTime } from './merge-by-time.ts';
import { createPopulation } from './population.ts';
import { Prng } from './prng.ts';
import { SCENARIO_CATALOG } from './scenarios/catalog.ts';
import { defaultEpisodes, trafficOptions, type TrafficOptionsInput } from './traffic-options.ts';

/** One scheduled episode, for callers that want the plan (tests, the demo's narration). */
export interface EpisodePlan {
  episodeId: string;
  scenario: ScenarioName;
  startsAt: number;
}

/**
 * The whole simulation as a lazy, time-ordered stream: benign customers plus attack episodes,
 * each from its own named random stream. Pure: no clock, no I/O.
 */
export function generateTraffic(input: TrafficOptionsInput): { episodes: EpisodePlan[]; records: Iterable<PlannedRecord> } {
  const options = trafficOptions.parse(input);
  const runId = options.runId ?? `s${options.seed}`;
  const measureStart = options.start;
  const end = measureStart + options.duration;
  const historyStart = measureStart - options.warmup;
  const population = createPopulation(options.seed, runId, options.accounts, historyStart);
  const perScenario = options.episodesPerScenario ?? defaultEpisodes(options.accounts);

  const episodes: EpisodePlan[] = [];
  const episodeSources: PlannedRecord[][] = [];
  for (const name of options.scenarios) {
    const scenario = SCENARIO_CATALOG[name];
    if (population.length < scenario.minAccounts) continue;
    for (let k = 0; k < perScenario; k++) {
      const episodeId = `${runId}-${name}-${k}`;
      const rng = new Prng(options.seed, `episode:${name}:${k}`);
      const startsAt = Math.round(measureStart + rng.between(0, Math.max(0, options.duration - scenario.spanMs)));
      const writer = new EventWriter(episodeId, { label: 'attack', scenario: name, episodeId });
      episodes.push({ episodeId, scenario: name, startsAt });
      episodeSources.push(byTime(scenario.generate({ rng, runId, episodeId, writer, population }, startsAt)));
    }
  }
  const benignSources = population.map((account) =>
    benignAccountStream(account, new Prng(options.seed, `traffic:${account.index}`), runId, historyStart, end),
  );
  const merged = mergeByTime([...benignSources, ...episodeSources]);
  return { episodes, records: markWarmup(merged, measureStart) };
}

function* markWarmup(records: Iterable<PlannedRecord>, measureStart: number): Generator<PlannedRecord> {
  for (const planned of records) {
    if (planned.at < measureStart) {
      const label: GroundTruth = { ...planned.record.label, warmup: true };
      yield { at: planned.at, record: { ...planned.record, label } };
    } else yield planned;
  }
}
