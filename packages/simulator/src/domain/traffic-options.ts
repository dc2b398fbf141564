import { z } from 'zod';
import { durationMs } from './duration.ts';
import { SCENARIOS } from './ground-truth.ts';

/** 3% of customers: with 2,000 customers, about 30 new phones and 30 trips in the measured period. */
export const DEFAULT_CHAIN_SHARE = 0.03;
export const DEFAULT_SEED = 42;

/** How much traffic to generate and what is in it; same options and seed → the same events, byte for byte. */
export const trafficOptions = z.object({
  seed: z.number().int().default(DEFAULT_SEED),
  /** Benign customers (attack episodes open their own attacker accounts on top). */
  accounts: z.number().int().nonnegative().default(1_000),
  /** Start of the measured period, epoch ms or ISO instant. */
  start: z.union([z.number(), z.iso.datetime({ offset: false }).transform((s) => Date.parse(s))]),
  /** Length of the measured period ("2h"). Attack episodes are scheduled inside it. */
  duration: durationMs.default(2 * 3_600_000),
  /** Benign-only history before `start` so rules see established devices and countries; labelled `warmup`. */
  warmup: durationMs.default(0),
  scenarios: z.array(z.enum(SCENARIOS)).default([...SCENARIOS]),
  /** Episodes of each enabled scenario; default scales with the population (at least 2). */
  episodesPerScenario: z.number().int().nonnegative().optional(),
  /**
   * Share of benign customers who go through one benign chain (a new phone or a trip abroad, half
   * each) during the measured period; 0 for none. Customers without one are unaffected by it.
   */
  chainShare: z.number().min(0).max(1).default(DEFAULT_CHAIN_SHARE),
  /** Prefix of every id (accounts, events, episodes); defaults to `s<seed>` (simulate adds the start when none was given). Change it to replay the same traffic as new entities. */
  runId: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/).optional(),
});
export type TrafficOptionsInput = z.input<typeof trafficOptions>;
export type TrafficOptions = z.output<typeof trafficOptions>;

export function defaultEpisodes(accounts: number): number {
  return Math.max(2, Math.round(accounts / 500));
}
