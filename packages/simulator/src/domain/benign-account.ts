import type { Prng } from './prng.ts';
import { DAY, HOUR } from './duration.ts';
import { activityAt, PEAK_ACTIVITY } from './daily-pattern.ts';
import { benignOf } from './ground-truth.ts';
import { byTime, EventWriter, type PlannedRecord } from './event-writer.ts';
import type { SimAccount } from './population.ts';
import type { BenignState } from './benign-state.ts';
import { appSession, posPurchase } from './benign-session.ts';
import { chainStartsAt, runBenignChain, type BenignChainPlan } from './benign-chains.ts';
import { flightMs, pickDestination, type Whereabouts } from './travel.ts';
import { ipIn, newDevice } from './world/identifiers.ts';
import { marketOf } from './world/markets.ts';

/** Mean days between trips abroad and between phone replacements. */
const DAYS_BETWEEN_TRIPS = 45;
const DAYS_BETWEEN_NEW_PHONES = 200;

/**
 * A customer's own activity from `start` to `end`, in time order, produced one simulated day at
 * a time so memory stays at one day per account however long the period is. Sessions arrive as a
 * Poisson process thinned by the local-time daily pattern. With a `chain`, the customer goes through
 * it when it is due (an hour later each time they are in the air, or abroad for a trip), and their
 * sessions wait until it is over.
 */
export function* benignAccountStream(
  account: SimAccount,
  rng: Prng,
  runId: string,
  start: number,
  end: number,
  chain?: BenignChainPlan,
): Generator<PlannedRecord> {
  const home: Whereabouts = { country: account.country, city: account.city, ip: account.homeIp };
  const state: BenignState = {
    account,
    rng,
    writer: new EventWriter(`${runId}-b${account.index}`, benignOf(account.country.code)),
    here: home,
    runId,
    devices: [...account.devices],
    beneficiaries: [...account.beneficiaries],
  };
  // Some customers are already abroad when the period starts.
  let returnAt = Number.NEGATIVE_INFINITY;
  if (rng.chance(0.04)) {
    const dest = pickDestination(rng, account.country, account.city);
    state.here = { ...dest, ip: ipIn(rng, dest.country) };
    returnAt = start + rng.between(0.2, 4) * DAY;
  }
  let busyUntil = Number.NEGATIVE_INFINITY;
  let chainDue =
    chain === undefined ? Number.POSITIVE_INFINITY : chainStartsAt(chain, account.city);
  /** The chain at `chainDue`, or an hour later when the customer is in the air (or abroad, for a trip). */
  const chainAt = (day: PlannedRecord[]) => {
    if (chain === undefined) return;
    if (
      chainDue < busyUntil ||
      (chain.kind === 'travel' && state.here.country.code !== account.country.code)
    ) {
      chainDue = Math.max(busyUntil, chainDue + HOUR);
      return;
    }
    const steps = runBenignChain(chain, state, chainDue);
    day.push(...steps.events);
    busyUntil = steps.busyUntil;
    returnAt = steps.returnAt ?? returnAt;
    chainDue = Number.POSITIVE_INFINITY;
  };
  let carry: PlannedRecord[] = [];
  const envelopePerMs = (account.sessionsPerDay * PEAK_ACTIVITY) / DAY;
  let t = start + rng.exponential(1 / envelopePerMs);
  for (let dayEnd = start + DAY; carry.length > 0 || t < end || chainDue < end; dayEnd += DAY) {
    const day: PlannedRecord[] = carry;
    const stop = Math.min(dayEnd, end);
    for (; t < stop; t += rng.exponential(1 / envelopePerMs)) {
      while (chainDue <= t) chainAt(day);
      if (
        rng.next() * PEAK_ACTIVITY >
        activityAt(t, state.here.country.utcOffsetHours, marketOf(account.country).peakShiftHours)
      )
        continue;
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
    // A chain due after the day's last session (and before its end) starts there.
    while (chainDue < stop) chainAt(day);
    byTime(day);
    const cut = Math.min(dayEnd, end);
    // A session that starts just before the end of the period is cut there: nothing after `end`.
    carry = day.filter((p) => p.at >= cut && p.at < end);
    for (const planned of day) if (planned.at < cut) yield planned;
  }
}
