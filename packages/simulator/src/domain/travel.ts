import type { Prng } from './prng.ts';
import { HOUR } from './duration.ts';
import { COUNTRIES, distanceKm, type City, type Country } from './world/countries.ts';

/** Where a customer is right now. */
export interface Whereabouts {
  country: Country;
  city: City;
  ip: string;
}

/** Cruise speed plus airport time: benign trips stay well under the ~900 km/h impossible-travel line. */
const CRUISE_KMH = 800;
const AIRPORT_HOURS = 2;

/** Hours from leaving one city to being able to log in at another. */
export function flightMs(from: City, to: City): number {
  return (distanceKm(from, to) / CRUISE_KMH + AIRPORT_HOURS) * HOUR;
}

/** Short trips are likelier than long ones: weight destinations by inverse distance. */
export function pickDestination(rng: Prng, home: Country, from: City): { country: Country; city: City } {
  const options = COUNTRIES.filter((c) => c.code !== home.code && c.weight > 0).flatMap((country) =>
    country.cities.map((city) => [{ country, city }, 1 / (500 + distanceKm(from, city))] as const),
  );
  return rng.weighted(options);
}
