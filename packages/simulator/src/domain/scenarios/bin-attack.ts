import { MINUTE } from '../duration.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { ATTACKER_COUNTRIES, COUNTRIES, countryByCode } from '../world/countries.ts';
import { datacenterIp } from '../world/identifiers.ts';
import { attackerAccount, geoOf, recentlyCreated, spread, type Scenario } from './scenario.ts';

/** What an issuer answers to a generated card number that does not exist. */
export const INVALID_CARD_REASONS = ['invalid_card', 'incorrect_number'] as const;

/**
 * BIN attack: card numbers enumerated within one issuer range (same BIN, generated last four),
 * spread over a few devices and IPs to dodge per-device limits; nearly all invalid-card declines
 * (Adyen: 6 per BIN per 6 h).
 */
export const binAttack: Scenario = {
  name: 'bin_attack',
  description: 'many cards of one BIN, invalid-card declines, spread over devices',
  spanMs: 90 * MINUTE,
  minAccounts: 0,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const issuer = rng.pick(COUNTRIES);
    const bin = rng.pick(issuer.bins);
    const origin = rng.pick(ATTACKER_COUNTRIES);
    const bots = Array.from({ length: rng.int(2, 4) }, (_, i) => {
      const account = attackerAccount(ctx, i, origin);
      account.createdAt = recentlyCreated(rng, at);
      return { account, ip: datacenterIp(rng) };
    });
    const usd = countryByCode('US');
    const merchant = { id: `m-us-5999-${rng.int(1, 60)}`, mcc: '5999', country: 'US' };
    let last4 = rng.int(0, 9000);
    const count = rng.int(20, 50);
    return spread(rng, at, count, rng.between(30, 85) * MINUTE).map((t): PlannedRecord => {
      last4 += rng.int(1, 7);
      const bot = rng.pick(bots);
      const valid = rng.chance(0.08);
      const device = bot.account.devices[0];
      return writer.transaction(t, bot.account.id, {
        type: 'payment',
        status: valid ? 'approved' : 'declined',
        ...(valid ? {} : { declineReason: rng.pick(INVALID_CARD_REASONS) }),
        amount: { minor: rng.int(100, 500), currency: usd.currency },
        channel: 'ecommerce',
        merchant,
        card: { fingerprint: `fp-${rng.hex(20)}`, bin, last4: String(last4 % 10_000).padStart(4, '0'), country: issuer.code },
        ...(device ? { device: deviceOf(device) } : {}),
        ip: bot.ip,
        geo: geoOf(origin, bot.account.city),
        account: accountContext(bot.account),
      });
    });
  },
};
