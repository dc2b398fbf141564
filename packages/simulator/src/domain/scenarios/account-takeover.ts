import { MINUTE, SECOND } from '../duration.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { beneficiary } from '../population.ts';
import { TIER_LIMITS_USD } from '../amounts.ts';
import { ATTACKER_COUNTRIES, usdToMinor } from '../world/countries.ts';
import { datacenterIp, ipIn, newDevice } from '../world/identifiers.ts';
import { geoOf, type Scenario } from './scenario.ts';

/**
 * Account takeover, end to end: credential stuffing from one IP across many accounts (Elastic:
 * ≥ 15 accounts, ≥ 25 attempts, ≤ 2 per account in 15 min) until one password works; then the
 * attacker logs in from their own phone in another country, resets the password and cashes out
 * to a beneficiary the account never paid.
 */
export const accountTakeover: Scenario = {
  name: 'ato',
  description: 'credential stuffing → success → new device/country login → password_reset → cash-out',
  spanMs: 75 * MINUTE,
  minAccounts: 16,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const [target, ...others] = rng.sample(ctx.population, rng.int(16, 31));
    if (!target) return [];
    const origin = rng.pick(ATTACKER_COUNTRIES.filter((c) => c.code !== target.country.code));
    const city = rng.pick(origin.cities);
    const bot = { device: deviceOf(newDevice(rng, 'web')), ip: datacenterIp(rng), geo: geoOf(origin, city) };
    const out: PlannedRecord[] = [];
    // Stuffing: one or two tries per account, at least 25 in all, over ~10 minutes.
    const attempts = others.flatMap((victim, i) => Array<typeof victim>(i < 25 - others.length || rng.chance(0.3) ? 2 : 1).fill(victim));
    let t = at;
    for (const victim of rng.sample(attempts, attempts.length)) {
      out.push(writer.login(t, victim.id, { outcome: 'failure', failureReason: 'bad_password', method: 'password', ...bot }));
      t += rng.int(5, 14) * SECOND;
    }
    out.push(writer.login(t, target.id, { outcome: 'success', method: 'password', ...bot }));
    // The attacker moves to their own phone on a residential IP, far from the victim's home.
    const phone = { device: deviceOf(newDevice(rng, 'android')), ip: ipIn(rng, origin), geo: geoOf(origin, city) };
    t += rng.int(5, 20) * MINUTE;
    out.push(writer.login(t, target.id, { outcome: 'success', method: 'password', ...phone }));
    t += rng.int(2, 8) * MINUTE;
    out.push(writer.change(t, target.id, { change: 'password_reset', ...phone }));
    if (rng.chance(0.5)) {
      t += rng.int(1, 5) * MINUTE;
      out.push(writer.change(t, target.id, { change: rng.pick(['email_changed', 'phone_changed', 'mfa_disabled'] as const), ...phone }));
    }
    const mule = beneficiary(rng, ctx.runId);
    const ceiling = TIER_LIMITS_USD[target.tier].perPayment * 0.95;
    for (let i = 0, n = rng.int(1, 2); i < n; i++) {
      t += rng.int(3, 15) * MINUTE;
      out.push(writer.transaction(t, target.id, {
        type: 'transfer',
        status: 'approved',
        amount: { minor: usdToMinor(Math.min(ceiling, rng.between(400, 1500)), target.country), currency: target.country.currency },
        channel: 'p2p',
        beneficiary: { ...mule },
        ...phone,
        account: accountContext(target),
      }));
    }
    return out;
  },
};
