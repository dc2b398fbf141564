import { MINUTE } from '../duration.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { roundForCurrency, TIER_LIMITS_USD } from '../amounts.ts';
import { usdToMinor } from '../world/countries.ts';
import { geoOf, spread, type Scenario } from './scenario.ts';

/** Payments over the account's tier limit (RULES-REFERENCE: 100 per payment on the basic tier): 1.3-3× the limit, one to three times. */
export const limitBreach: Scenario = {
  name: 'limit_breach',
  description: 'payments above the tier per-payment limit',
  spanMs: 40 * MINUTE,
  minAccounts: 1,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const victim = rng.pick(ctx.population);
    const phone = victim.devices[0];
    const limitUsd = TIER_LIMITS_USD[victim.tier].perPayment;
    return spread(rng, at, rng.int(1, 3), 35 * MINUTE).map((t): PlannedRecord =>
      writer.transaction(t, victim.id, {
        type: 'payment', status: 'approved', channel: 'ecommerce',
        amount: { minor: roundForCurrency(usdToMinor(limitUsd * rng.between(1.3, 3), victim.country), victim.country), currency: victim.country.currency },
        merchant: { id: `m-${victim.country.code.toLowerCase()}-5944-${rng.int(1, 20)}`, mcc: rng.pick(['5944', '5732']), country: victim.country.code },
        card: { ...rng.pick(victim.cards) },
        ...(phone ? { device: deviceOf(phone) } : {}),
        ip: victim.homeIp,
        geo: geoOf(victim.country, victim.city),
        account: accountContext(victim),
      }),
    );
  },
};
