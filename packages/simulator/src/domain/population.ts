import { Prng } from './prng.ts';
import { DAY } from './duration.ts';
import { HOME_COUNTRIES, type City, type Country } from './world/countries.ts';
import { ipIn, newCard, newDevice, type SimCard, type SimDevice } from './world/identifiers.ts';

export type Tier = 'basic' | 'verified' | 'business';

export interface Beneficiary {
  id: string;
  name: string;
}

/** One simulated customer: who they are and what they normally use. */
export interface SimAccount {
  id: string;
  index: number;
  country: Country;
  city: City;
  tier: Tier;
  createdAt: number;
  devices: SimDevice[];
  cards: SimCard[];
  beneficiaries: Beneficiary[];
  homeIp: string;
  /** Mean sessions per day (log-normal across the population: a few heavy users, many light ones). */
  sessionsPerDay: number;
}

const FIRST_NAMES = ['Aiko', 'Ben', 'Chloé', 'Dmitri', 'Emma', 'Felix', 'Grace', 'Hiro', 'Isha', 'Jonas', 'Kenji', 'Lena', 'Mei', 'Noah', 'Olivia', 'Priya', 'Ravi', 'Sofia', 'Tom', 'Yuki'];
const LAST_NAMES = ['Sato', 'Smith', 'Müller', 'Martin', 'Kim', 'Tan', 'Silva', 'Patel', 'Brown', 'Suzuki', 'Dubois', 'Lee'];

export function personName(rng: Prng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

export function beneficiary(rng: Prng, runId: string): Beneficiary {
  return { id: `${runId}-ben-${rng.hex(10)}`, name: personName(rng) };
}

/** Builds `count` benign accounts; account i depends only on (seed, i). */
export function createPopulation(rootSeed: number, runId: string, count: number, now: number): SimAccount[] {
  const accounts: SimAccount[] = [];
  for (let index = 0; index < count; index++) accounts.push(createAccount(rootSeed, runId, index, now));
  return accounts;
}

function createAccount(rootSeed: number, runId: string, index: number, now: number): SimAccount {
  const rng = new Prng(rootSeed, `account:${index}`);
  const country = rng.weighted(HOME_COUNTRIES.map((c) => [c, c.weight] as const));
  const tier = rng.weighted<Tier>([['basic', 45], ['verified', 45], ['business', 10]]);
  const phone = newDevice(rng);
  const devices = rng.chance(0.3) ? [phone, newDevice(rng, 'web')] : [phone];
  const cards = [newCard(rng, country)];
  if (rng.chance(0.35)) cards.push(newCard(rng, country));
  const beneficiaries = Array.from({ length: rng.int(1, 4) }, () => beneficiary(rng, runId));
  return {
    id: `${runId}-acct-${index}`,
    index,
    country,
    city: rng.pick(country.cities),
    tier,
    createdAt: now - Math.round(rng.between(30, 1500) * DAY),
    devices,
    cards,
    beneficiaries,
    homeIp: ipIn(rng, country),
    sessionsPerDay: Math.min(12, rng.logNormal(tier === 'business' ? 5 : 2.5, 0.6)),
  };
}
