import { MINUTE } from '../duration.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { beneficiary } from '../population.ts';
import { HOME_COUNTRIES, ipIn, usdToMinor } from '../world/index.ts';
import { attackerAccount, geoOf, recentlyCreated, spread, type Scenario } from './scenario.ts';

/** Mule fan-out: a recently opened account pays 8-15 beneficiaries it never paid before within the hour (layering stolen funds). */
export const muleFanOut: Scenario = {
  name: 'mule_fan_out',
  description: 'one account sending to many new beneficiaries',
  spanMs: 90 * MINUTE,
  minAccounts: 0,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const country = rng.pick(HOME_COUNTRIES);
    const mule = attackerAccount(ctx, 0, country, 'verified');
    mule.createdAt = recentlyCreated(rng, at, 20);
    const device = mule.devices[0];
    const ip = ipIn(rng, country);
    return spread(rng, at, rng.int(8, 15), rng.between(30, 85) * MINUTE).map((t): PlannedRecord =>
      writer.transaction(t, mule.id, {
        type: 'transfer', status: 'approved', channel: 'p2p',
        amount: { minor: usdToMinor(rng.between(150, 600), country), currency: country.currency },
        beneficiary: { ...beneficiary(rng, ctx.runId) },
        ...(device ? { device: deviceOf(device) } : {}),
        ip,
        geo: geoOf(country, mule.city),
        account: accountContext(mule),
      }),
    );
  },
};

/** Mule fan-in: 6-12 recently opened accounts, on a handful of IPs, all pay one collector within the hour. */
export const muleFanIn: Scenario = {
  name: 'mule_fan_in',
  description: 'many accounts funnelling into one beneficiary',
  spanMs: 60 * MINUTE,
  minAccounts: 0,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const country = rng.pick(HOME_COUNTRIES);
    const collector = beneficiary(rng, ctx.runId);
    const ips = Array.from({ length: rng.int(2, 3) }, () => ipIn(rng, country));
    const mules = Array.from({ length: rng.int(6, 12) }, (_, i) => {
      const mule = attackerAccount(ctx, i, country, 'verified');
      mule.createdAt = recentlyCreated(rng, at, 20);
      return mule;
    });
    const times = spread(rng, at, mules.length, rng.between(20, 55) * MINUTE);
    return mules.map((mule, i): PlannedRecord => {
      const device = mule.devices[0];
      return writer.transaction(times[i] ?? at, mule.id, {
        type: 'transfer', status: 'approved', channel: 'p2p',
        amount: { minor: usdToMinor(rng.between(200, 900), country), currency: country.currency },
        beneficiary: { ...collector },
        ...(device ? { device: deviceOf(device) } : {}),
        ip: rng.pick(ips),
        geo: geoOf(country, mule.city),
        account: accountContext(mule),
      });
    });
  },
};
