import type { Prng } from '../prng.ts';
import { HOUR, MINUTE, SECOND } from '../duration.ts';
import { deviceOf, type PlannedRecord } from '../event-writer.ts';
import type { SimAccount } from '../population.ts';
import { ATTACKER_COUNTRIES } from '../world/countries.ts';
import { datacenterIp, newDevice } from '../world/identifiers.ts';
import { geoOf, type Scenario } from './scenario.ts';

/** Seconds between two attempts from the IP: with at least 70, no 15-minute window (16 with its 1-minute buckets) holds 15 attempts. */
export const LOW_AND_SLOW_GAP_S = [70, 160] as const;
/** A retried account's second try comes this many minutes after its first: never two tries of one account in a 30-minute window. */
const RETRY_AFTER_MIN = [35, 45] as const;
/** Attempts per episode stay under 100: the IP never reaches login-failures-ip-24h (Auth0's 100 failed logins per IP a day). */
export const LOW_AND_SLOW_MAX_ATTEMPTS = 95;

interface Attempt {
  at: number;
  victim: SimAccount;
}

/**
 * When each victim is tried: every victim once in random order, a few again 35-45 minutes
 * later, 70-160 s between consecutive attempts. At most 94 gaps of 160 s plus one retry delay:
 * under 5 hours in all.
 */
export function lowAndSlowSchedule(rng: Prng, victims: readonly SimAccount[], retried: ReadonlySet<SimAccount>, at: number): Attempt[] {
  const fresh = [...victims];
  const due: Attempt[] = [];
  const out: Attempt[] = [];
  let t = at;
  while (fresh.length > 0 || due.length > 0) {
    const retry = due[0];
    let victim: SimAccount | undefined;
    if (retry !== undefined && (retry.at <= t || fresh.length === 0)) {
      due.shift();
      t = Math.max(t, retry.at);
      victim = retry.victim;
    } else {
      victim = fresh.shift();
      if (victim !== undefined && retried.has(victim)) {
        due.push({ at: t + rng.int(...RETRY_AFTER_MIN) * MINUTE, victim });
        due.sort((a, b) => a.at - b.at);
      }
    }
    if (victim === undefined) break;
    out.push({ at: t, victim });
    t += rng.int(...LOW_AND_SLOW_GAP_S) * SECOND;
  }
  return out;
}

/**
 * Low-and-slow credential stuffing: one IP tries a leaked password on 40-80 accounts, once each
 * and a few twice, over two to five hours, so that no per-account rule (1-2 tries) and no
 * per-IP window rule fires: credential-stuffing-ip wants 15 accounts and 25 attempts within
 * 15 minutes, password-spraying-ip 2+ tries per account within 30, login-failures-ip-24h 100 a
 * day. Sometimes one password works (a success from the bot, on an account never retried).
 * Seen one event at a time it is noise; the IP is only visible afterwards, by looking back at
 * every account it touched.
 */
export const lowAndSlowStuffing: Scenario = {
  name: 'low_and_slow_stuffing',
  description: 'one IP, 40-80 accounts, 1-2 bad passwords each, spread over hours under every window rule',
  spanMs: 5 * HOUR,
  minAccounts: 40,
  requiresFullSpan: true,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const victims = rng.sample(ctx.population, rng.int(40, 80));
    const origin = rng.pick(ATTACKER_COUNTRIES);
    const bot = { device: deviceOf(newDevice(rng, 'web')), ip: datacenterIp(rng), geo: geoOf(origin, rng.pick(origin.cities)) };
    const retries = Math.min(Math.round(victims.length * rng.between(0.1, 0.25)), LOW_AND_SLOW_MAX_ATTEMPTS - victims.length);
    const retried = new Set(rng.sample(victims, retries));
    const once = victims.filter((v) => !retried.has(v));
    const cracked = rng.chance(0.3) && once.length > 0 ? rng.pick(once) : undefined;
    return lowAndSlowSchedule(rng, victims, retried, at).map(({ at: t, victim }): PlannedRecord =>
      victim === cracked
        ? writer.login(t, victim.id, { outcome: 'success', method: 'password', ...bot })
        : writer.login(t, victim.id, { outcome: 'failure', failureReason: 'bad_password', method: 'password', ...bot }),
    );
  },
};
