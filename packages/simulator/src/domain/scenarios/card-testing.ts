import { MINUTE } from '../duration.ts';
import { accountContext, deviceOf, type PlannedRecord } from '../event-writer.ts';
import { ATTACKER_COUNTRIES, COUNTRIES, countryByCode } from '../world/countries.ts';
import { datacenterIp, newCard, newDevice } from '../world/identifiers.ts';
import { CARD_TESTING_MCCS } from '../world/merchants.ts';
import { attackerAccount, geoOf, recentlyCreated, spread, type Scenario } from './scenario.ts';

const TESTING_DECLINES = [['incorrect_cvc', 35], ['card_declined', 30], ['invalid_card', 20], ['expired_card', 15]] as const;

/**
 * Card testing: one device behind one IP checks 15-40 stolen cards with tiny e-commerce auths
 * in under ten minutes; most are declined (Adyen: 5 per IP per 30 min; distinct cards per device).
 */
export const cardTesting: Scenario = {
  name: 'card_testing',
  description: 'many small declined auths, many distinct cards from one device/IP',
  spanMs: 10 * MINUTE,
  minAccounts: 0,
  generate: (ctx, at) => {
    const { rng, writer } = ctx;
    const origin = rng.pick(ATTACKER_COUNTRIES);
    const city = rng.pick(origin.cities);
    const device = newDevice(rng, 'web');
    const ip = datacenterIp(rng);
    const accounts = Array.from({ length: rng.int(1, 2) }, (_, i) => {
      const account = attackerAccount(ctx, i, origin);
      account.createdAt = recentlyCreated(rng, at);
      return account;
    });
    const merchantCountry = countryByCode('US');
    const merchant = { id: `m-us-${rng.pick(CARD_TESTING_MCCS)}-${rng.int(1, 9)}`, mcc: rng.pick(CARD_TESTING_MCCS), country: 'US' };
    const count = rng.int(15, 40);
    return spread(rng, at, count, rng.between(4, 9) * MINUTE).map((t): PlannedRecord => {
      const declined = rng.chance(0.85);
      const account = rng.pick(accounts);
      return writer.transaction(t, account.id, {
        type: 'payment',
        status: declined ? 'declined' : 'approved',
        ...(declined ? { declineReason: rng.weighted(TESTING_DECLINES) } : {}),
        amount: { minor: rng.int(50, 199), currency: merchantCountry.currency },
        channel: 'ecommerce',
        merchant,
        card: { ...newCard(rng, rng.pick(COUNTRIES)) },
        device: deviceOf(device),
        ip,
        geo: geoOf(origin, city),
        account: accountContext(account),
      });
    });
  },
};
