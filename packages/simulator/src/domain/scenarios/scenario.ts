import type { Prng } from '../prng.ts';
import { DAY, HOUR } from '../duration.ts';
import type { EventWriter, PlannedRecord } from '../event-writer.ts';
import type { ScenarioName } from '../ground-truth.ts';
import type { SimAccount, Tier } from '../population.ts';
import type { City, Country } from '../world/countries.ts';
import { newDevice } from '../world/identifiers.ts';

/** What an episode generator may use: its own random stream, a writer labelled with its episode, and the population to pick victims from. */
export interface EpisodeContext {
  rng: Prng;
  runId: string;
  episodeId: string;
  /** Labels every event `attack` with this episode unless a step passes another label. */
  writer: EventWriter;
  population: readonly SimAccount[];
}

/** One labelled attack pattern; `generate` returns the episode's events starting at `at`. */
export interface Scenario {
  name: ScenarioName;
  description: string;
  /** Upper bound of the episode's length, so it can be scheduled inside the simulated period. */
  spanMs: number;
  /** Fewest benign accounts the scenario needs as victims. */
  minAccounts: number;
  /**
   * Only scheduled when the measured period holds the whole span: a low-and-slow attack squeezed
   * into a shorter period would not be one, and one that runs on past it would emit events after
   * the period's end (in the future, for a replay that ends now).
   */
  requiresFullSpan?: boolean;
  generate(ctx: EpisodeContext, at: number): PlannedRecord[];
}

/** Why a requested scenario gets no episodes with these options, or null when it is scheduled. */
export function unschedulable(scenario: Scenario, accounts: number, durationMs: number): string | null {
  if (accounts < scenario.minAccounts) return `needs at least ${scenario.minAccounts} accounts`;
  if (scenario.requiresFullSpan === true && durationMs < scenario.spanMs) return `needs a measured period of at least ${scenario.spanMs / HOUR}h`;
  return null;
}

/** An account the attacker opened for this episode (card testers, mules): recent, basic checks only. */
export function attackerAccount(ctx: EpisodeContext, n: number, country: Country, tier: Tier = 'basic'): SimAccount {
  const { rng } = ctx;
  return {
    id: `${ctx.episodeId}-acct-${n}`,
    index: -1,
    country,
    city: rng.pick(country.cities),
    tier,
    createdAt: 0,
    devices: [newDevice(rng)],
    cards: [],
    beneficiaries: [],
    homeIp: '',
    sessionsPerDay: 0,
  };
}

/** Recently opened: hours to a few weeks before the episode. */
export function recentlyCreated(rng: Prng, at: number, maxDays = 3): number {
  return Math.round(at - rng.between(HOUR, maxDays * DAY));
}

export function geoOf(country: Country, city: City) {
  return { country: country.code, city: city.name, lat: city.lat, lon: city.lon };
}

/** `count` instants spread over `spanMs` from `at`, jittered, ascending. */
export function spread(rng: Prng, at: number, count: number, spanMs: number): number[] {
  const step = spanMs / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => Math.round(at + i * step + rng.between(0, step * 0.9)));
}
