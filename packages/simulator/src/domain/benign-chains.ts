import type { Prng } from './prng.ts';
import { DAY, MINUTE, SECOND } from './duration.ts';
import { deviceOf, EventWriter, type PlannedRecord } from './event-writer.ts';
import { benignOf, type BenignChain } from './ground-truth.ts';
import type { BenignState } from './benign-state.ts';
import { geoHere, onlinePurchase, posPurchase, type Ctx } from './benign-session.ts';
import type { SimAccount } from './population.ts';
import { flightMs, pickDestination } from './travel.ts';
import { ipIn, newDevice } from './world/identifiers.ts';
import type { City, Country } from './world/countries.ts';

/** Room left after a chain's first step for the rest of it, so the whole chain falls inside the measured period. */
const CHAIN_TAIL_MS = 60 * MINUTE;

/** A chain planned for one customer: its kind, when its first step happens and (travel) where to. */
export type BenignChainPlan =
  | { kind: 'new_phone'; at: number; rng: Prng }
  | { kind: 'travel'; at: number; rng: Prng; to: { country: Country; city: City } };

/** What a chain did: its events, until when the customer is busy with it, and (travel) when they fly home. */
export interface ChainSteps {
  events: PlannedRecord[];
  busyUntil: number;
  returnAt?: number;
}

/**
 * Whether (and which, and when) a customer goes through a chain in the measured period, from the
 * chain's own random stream: customers without one keep exactly the traffic they had before
 * chains existed, and a chain's own draws never shift the customer's other sessions.
 */
export function planBenignChain(
  rng: Prng,
  account: SimAccount,
  measureStart: number,
  end: number,
  share: number,
): BenignChainPlan | undefined {
  if (!rng.chance(share)) return undefined;
  const kind: BenignChain = rng.chance(0.5) ? 'new_phone' : 'travel';
  const at = Math.round(
    measureStart + rng.between(0, Math.max(0, end - measureStart - CHAIN_TAIL_MS)),
  );
  return kind === 'new_phone'
    ? { kind, at, rng }
    : { kind, at, rng, to: pickDestination(rng, account.country, account.city) };
}

/** When the customer sets off: the new phone is used at `at`; the traveller leaves a flight earlier, to land at `at`. */
export function chainStartsAt(plan: BenignChainPlan, from: City): number {
  return plan.kind === 'new_phone' ? plan.at : plan.at - flightMs(from, plan.to.city);
}

/** The chain's steps from `t` (the customer's first session once it is due), with the chain's own writer and random stream. */
export function runBenignChain(plan: BenignChainPlan, state: BenignState, t: number): ChainSteps {
  const writer = new EventWriter(`${state.runId}-b${state.account.index}-${plan.kind}`, {
    ...benignOf(state.account.country.code),
    chain: plan.kind,
  });
  const chain: BenignState = { ...state, rng: plan.rng, writer };
  const steps = plan.kind === 'new_phone' ? newPhone(chain, t) : travel(chain, t, plan.to);
  state.devices = chain.devices;
  state.here = chain.here;
  return steps;
}

/**
 * A customer switches phones: the first sign-in from the new one (a password or a one-time code:
 * no passkey on it yet), then one to three purchases from it, the first 30 s to 5 min later, the
 * others 1-8 min apart. In event
 * order the login is challenged as a new device and records it, so the purchases after it are
 * not new-device purchases; scored before the login, they are the first sight of the device.
 */
function newPhone(state: BenignState, t: number): ChainSteps {
  const { rng, account } = state;
  const phone = newDevice(rng, rng.chance(0.5) ? 'ios' : 'android');
  state.devices = [phone, ...state.devices.slice(1)];
  const ctx: Ctx = { device: deviceOf(phone), ip: state.here.ip, geo: geoHere(state) };
  const events = [
    state.writer.login(t, account.id, {
      outcome: 'success',
      method: rng.chance(0.6) ? 'password' : 'otp',
      ...ctx,
    }),
  ];
  for (let i = 0, n = rng.int(1, 3); i < n; i++) {
    t += (i === 0 ? rng.int(30, 300) : rng.int(60, 480)) * SECOND;
    events.push(onlinePurchase(state, t, ctx));
  }
  return { events, busyUntil: t };
}

/**
 * A customer flies abroad: on landing, a sign-in from the new country on their own phone, then an
 * in-app purchase there (a ride, a hotel) 1-20 minutes later and a card-present one 10-40 minutes
 * after that. They stay two to seven days, then fly home (the customer's own stream does that).
 */
function travel(
  state: BenignState,
  departAt: number,
  to: { country: Country; city: City },
): ChainSteps {
  const { rng, account } = state;
  const landed = departAt + flightMs(state.here.city, to.city);
  state.here = { ...to, ip: ipIn(rng, to.country) };
  const phone = state.devices[0];
  const ctx: Ctx = {
    ...(phone ? { device: deviceOf(phone) } : {}),
    ip: state.here.ip,
    geo: geoHere(state),
  };
  const events = [
    state.writer.login(landed, account.id, {
      outcome: 'success',
      method: rng.chance(0.5) ? 'passkey' : 'password',
      ...ctx,
    }),
  ];
  let t = landed + rng.int(60, 1200) * SECOND;
  events.push(onlinePurchase(state, t, ctx, to.country.code));
  t += rng.int(10, 40) * MINUTE;
  events.push(...posPurchase(state, t));
  return { events, busyUntil: t, returnAt: t + rng.between(2, 7) * DAY };
}
