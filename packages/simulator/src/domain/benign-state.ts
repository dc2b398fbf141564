import type { EventWriter } from './event-writer.ts';
import type { SimAccount } from './population.ts';
import type { Prng } from './prng.ts';
import type { Whereabouts } from './travel.ts';

/** Mutable state of one customer while their traffic is generated. */
export interface BenignState {
  account: SimAccount;
  rng: Prng;
  writer: EventWriter;
  here: Whereabouts;
  runId: string;
  /** The customer's current devices; the first is the phone (replaced now and then). */
  devices: SimAccount['devices'];
  beneficiaries: SimAccount['beneficiaries'];
}
