import { MINUTE, SECOND } from '../duration.ts';
import { deviceOf, type PlannedRecord } from '../event-writer.ts';
import { ATTACKER_COUNTRIES } from '../world/countries.ts';
import { datacenterIp, newDevice } from '../world/identifiers.ts';
import { geoOf, type Scenario } from './scenario.ts';

/** Brute force on one account from one IP: 12-30 wrong passwords in minutes (Auth0: 10 per user+IP), sometimes ending in a success. */
export const bruteForce: Scenario = {
  name: 'brute_force',
  description: 'many failed passwords on one account from one IP',
  spanMs: 12 * MINUTE,
  minAccounts: 1,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const victim = rng.pick(ctx.population);
    const origin = rng.pick(ATTACKER_COUNTRIES);
    const bot = { device: deviceOf(newDevice(rng, 'web')), ip: datacenterIp(rng), geo: geoOf(origin, rng.pick(origin.cities)) };
    const out: PlannedRecord[] = [];
    let t = at;
    for (let i = 0, n = rng.int(12, 30); i < n; i++) {
      out.push(writer.login(t, victim.id, { outcome: 'failure', failureReason: 'bad_password', method: 'password', ...bot }));
      t += rng.int(5, 20) * SECOND;
    }
    if (rng.chance(0.3)) out.push(writer.login(t, victim.id, { outcome: 'success', method: 'password', ...bot }));
    return out;
  },
};
