import type { Prng } from './prng.ts';
import { DAY } from './duration.ts';
import { activityAt, PEAK_ACTIVITY } from './daily-pattern.ts';
import { BENIGN } from './ground-truth.ts';
import { byTime, EventWriter, type PlannedRecord } from './event-writer.ts';
import type { SimAccount } from './population.ts';
import type { BenignState } from './benign-state.ts';
import { appSession, posPurchase } from './benign-session.ts';
import { flightMs, pickDestination, type Whereabouts } from './travel.ts';
import { ipIn, newDevice } from './world/identifiers.ts';

/** Mean days between trips abroad and between phone replacements. */
const DAYS_BETWEEN_TRIPS = 45;
const DAYS_BETWEEN_NEW_PHONES = 200;


/**
 * A customer's own activity from `start` to `end`, in time order, produced one simulated day at
 * a time so memory stays at one day per account however long the period is. Sessions arrive as a
 * Poisson process thinned by the local-time daily pattern.
 */
export function* benignAccountStream(account: SimAccount, rng: Prng, runId: string, start: number, end: number): Generator<PlannedRecord> {
  const home: Whereabouts = { country: account.country, city: account.city, ip: account.homeIp };
  const state: BenignState = { account, rng, writer: new EventWriter(`${runId}-b${account.index}`, BENIGN), here: home, runId, devices: [...account.devices], beneficiaries: [...account.beneficiaries] };
  // Some customers are already abroad when the period starts.
  let returnAt = Number.NEGATIVE_INFINITY;
  if (rng.chance(0.04)) {
    const dest = pickDestination(rng, account.country, account.city);
    state.here = { ...dest, ip: ipIn(rng, dest.country) };
    returnAt = start + rng.between(0.2, 4) * DAY;
  }
  let busyUntil = Number.NEGATIVE_INFINITY;
  let carry: PlannedRecord[] = [];
  const envelopePerMs = (account.sessionsPerDay * PEAK_ACTIVITY) / DAY;
  let t = start + rng.exponential(1 / envelopePerMs);
  for (let dayEnd = start + DAY; carry.length > 0 || t < end; dayEnd += DAY) {
    const day: PlannedRecord[] = carry;
    for (; t < Math.min(dayEnd, end); t += rng.exponential(1 / envelopePerMs)) {
      if (rng.next() * PEAK_ACTIVITY > activityAt(t, state.here.country.utcOffsetHours)) continue;
      if (t < busyUntil) continue; // in the air
      const abroad = state.here.country.code !== account.country.code;
      if (abroad && t >= returnAt) {
        busyUntil = t + flightMs(state.here.city, account.city);
        state.here = home;
        continue;
      }
      if (!abroad && rng.chance(1 / (DAYS_BETWEEN_TRIPS * account.sessionsPerDay))) {
        const dest = pickDestination(rng, account.country, account.city);
        busyUntil = t + flightMs(account.city, dest.city);
        returnAt = busyUntil + rng.between(2, 7) * DAY;
        state.here = { ...dest, ip: ipIn(rng, dest.country) };
        continue;
      }
      if (rng.chance(1 / (DAYS_BETWEEN_NEW_PHONES * account.sessionsPerDay))) {
        const phone = newDevice(rng, rng.chance(0.5) ? 'ios' : 'android');
        state.devices = [phone, ...state.devices.slice(1)];
      }
      day.push(...(rng.chance(0.45) ? posPurchase(state, t) : appSession(state, t)));
    }
    byTime(day);
    const cut = Math.min(dayEnd, end);
    // A session that starts just before the end of the period is cut there: nothing after `end`.
    carry = day.filter((p) => p.at >= cut && p.at < end);
    for (const planned of day) if (planned.at < cut) yield planned;
  }
}
