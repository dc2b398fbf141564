import { MINUTE } from '../duration.ts';
import { BENIGN } from '../ground-truth.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { COUNTRIES, distanceKm, usdToMinor } from '../world/countries.ts';
import { ipIn, newDevice } from '../world/identifiers.ts';
import { geoOf, type Scenario } from './scenario.ts';

/** Far enough that the gap below makes any speed over 3,000 km/h (Okta's example). */
const MIN_DISTANCE_KM = 3_000;

/**
 * Impossible travel: the owner logs in at home (a benign event, labelled so), and 10-55 minutes
 * later someone logs in to the same account from a city thousands of km away and shops.
 */
export const impossibleTravel: Scenario = {
  name: 'impossible_travel',
  description: 'two successful logins too far apart for the time between them',
  spanMs: 60 * MINUTE,
  minAccounts: 1,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const victim = rng.pick(ctx.population);
    const phone = victim.devices[0];
    const far = COUNTRIES.flatMap((country) => country.cities.map((city) => ({ country, city }))).filter(
      ({ city }) => distanceKm(city, victim.city) >= MIN_DISTANCE_KM,
    );
    const there = rng.pick(far);
    const out: PlannedRecord[] = [];
    out.push(
      writer.login(at, victim.id, {
        outcome: 'success', method: 'passkey', ip: victim.homeIp, geo: geoOf(victim.country, victim.city),
        ...(phone ? { device: deviceOf(phone) } : {}),
      }, BENIGN),
    );
    const intruder = { device: deviceOf(newDevice(rng)), ip: ipIn(rng, there.country), geo: geoOf(there.country, there.city) };
    const t = at + rng.int(10, 55) * MINUTE;
    out.push(writer.login(t, victim.id, { outcome: 'success', method: 'password', ...intruder }));
    out.push(writer.transaction(t + rng.int(1, 6) * MINUTE, victim.id, {
      type: 'payment', status: 'approved', channel: 'ecommerce',
      amount: { minor: usdToMinor(rng.between(30, 90), victim.country), currency: victim.country.currency },
      merchant: { id: `m-${there.country.code.toLowerCase()}-5732-${rng.int(1, 20)}`, mcc: '5732', country: there.country.code },
      ...intruder,
      account: accountContext(victim),
    }));
    return out;
  },
};
