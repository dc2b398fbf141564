import { z } from 'zod';
import {
  TOPICS,
  type AccountChangeEvent,
  type LoginEvent,
  type TransactionEvent,
} from '@vigil/events';

export const SCENARIOS = [
  'card_testing',
  'bin_attack',
  'ato',
  'brute_force',
  'impossible_travel',
  'limit_breach',
  'mule_fan_out',
  'mule_fan_in',
  'sim_swap',
  'low_and_slow_stuffing',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * Benign multi-topic sequences a share of customers goes through in the measured period: a new
 * phone (login from it, then payments from it) and a trip abroad (login there, then payments
 * there). Labelled benign; the label names the chain so a report can follow its steps.
 */
export const BENIGN_CHAINS = ['new_phone', 'travel'] as const;
export type BenignChain = (typeof BENIGN_CHAINS)[number];

export const INBOUND_TOPICS = [TOPICS.transactions, TOPICS.logins, TOPICS.accountChanges] as const;
export type InboundTopic = (typeof INBOUND_TOPICS)[number];

/**
 * One line of the labels side file. Ground truth never travels inside the events: the risk
 * engine must not be able to read it. `occurredAt` is there so time-to-catch can be measured
 * from the first attack event; `warmup` marks history generated before the measured period.
 */
export const groundTruth = z.object({
  eventId: z.string().min(1),
  accountId: z.string().min(1),
  topic: z.enum(INBOUND_TOPICS),
  occurredAt: z.iso.datetime({ offset: false }),
  label: z.enum(['benign', 'attack']),
  scenario: z.union([z.enum(SCENARIOS), z.literal('benign')]),
  episodeId: z.string().nullable(),
  warmup: z.boolean().optional(),
  /** Set on the steps of a benign chain (label stays `benign`). */
  chain: z.enum(BENIGN_CHAINS).optional(),
  /**
   * The benign customer's home market (ISO 3166 country of the account), so the report can show
   * false positives per market; absent on attack events and on label files from before markets.
   */
  market: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});
export type GroundTruth = z.infer<typeof groundTruth>;

/** What the simulator emits: an event for a topic (logical name from TOPICS) and its label. */
export type SimulatedRecord =
  | { topic: typeof TOPICS.transactions; event: TransactionEvent; label: GroundTruth }
  | { topic: typeof TOPICS.logins; event: LoginEvent; label: GroundTruth }
  | { topic: typeof TOPICS.accountChanges; event: AccountChangeEvent; label: GroundTruth };

/** Who produced an event and why: benign customer activity, or a step of an attack episode. */
export interface LabelInfo {
  label: 'benign' | 'attack';
  scenario: ScenarioName | 'benign';
  episodeId: string | null;
  chain?: BenignChain;
  market?: string;
}

export const BENIGN: LabelInfo = { label: 'benign', scenario: 'benign', episodeId: null };

/** A benign customer's own events, labelled with the customer's home market. */
export function benignOf(market: string): LabelInfo {
  return { ...BENIGN, market };
}
