import { MINUTE, SECOND } from '../duration.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { roundForCurrency } from '../amounts.ts';
import { usdToMinor } from '../world/countries.ts';
import { ipIn, newDevice } from '../world/identifiers.ts';
import { geoOf, type Scenario } from './scenario.ts';

/**
 * SIM swap: the attacker has the victim's number moved to their own SIM (the platform sees
 * `phone_changed`), signs in with the one-time code from a phone of their own, adds a payout
 * method and withdraws a large amount. Four steps on three topics, 20 s to 3 min apart (80 s to
 * 7 min from the phone change to the withdrawal): scored in event order, the withdrawal comes
 * within 24 h of the phone change with a high amount, which ato-cash-out blocks; scored before
 * the phone change (a consumer that reads the account changes late), nothing links them. Victims are verified or business customers (balances worth
 * the effort), the attacker is in the victim's country (a carrier port is local).
 */
export const simSwap: Scenario = {
  name: 'sim_swap',
  description: 'phone_changed → OTP login from a new phone → payout_method_added → large withdrawal',
  spanMs: 10 * MINUTE,
  minAccounts: 1,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const worthIt = ctx.population.filter((a) => a.tier !== 'basic');
    const victim = rng.pick(worthIt.length > 0 ? worthIt : ctx.population);
    const city = rng.pick(victim.country.cities);
    const phone = { device: deviceOf(newDevice(rng, rng.chance(0.5) ? 'ios' : 'android')), ip: ipIn(rng, victim.country), geo: geoOf(victim.country, city) };
    const out: PlannedRecord[] = [];
    let t = at;
    // The change arrives through the carrier / support channel: no device of the account's.
    out.push(writer.change(t, victim.id, { change: 'phone_changed', ip: phone.ip, geo: phone.geo }));
    t += rng.int(30, 180) * SECOND;
    out.push(writer.login(t, victim.id, { outcome: 'success', method: 'otp', ...phone }));
    t += rng.int(30, 120) * SECOND;
    out.push(writer.change(t, victim.id, { change: 'payout_method_added', ...phone }));
    t += rng.int(20, 120) * SECOND;
    // 800-3,000 USD-equivalent: over ato-cash-out's 500 in every currency, under the verified tier limit.
    out.push(writer.transaction(t, victim.id, {
      type: 'withdrawal', status: 'approved', channel: 'app',
      amount: { minor: roundForCurrency(usdToMinor(rng.between(800, 3000), victim.country), victim.country), currency: victim.country.currency },
      ...phone,
      account: accountContext(victim),
    }));
    return out;
  },
};
