import type { TransactionFields } from './event-writer.ts';
import { accountContext, deviceOf, type PlannedRecord } from './event-writer.ts';
import type { BenignState } from './benign-state.ts';
import { benignAmount, roundForCurrency } from './amounts.ts';
import { SECOND } from './duration.ts';
import { beneficiary } from './population.ts';
import { MERCHANT_CATEGORIES, merchantId } from './world/merchants.ts';
import { usdToMinor } from './world/countries.ts';

/** Ordinary declines (issuers decline a few percent of card-not-present and card-present auths). */
const DECLINE_RATE = 0.025;
const DECLINE_REASONS = [['insufficient_funds', 50], ['do_not_honor', 30], ['expired_card', 10], ['incorrect_cvc', 10]] as const;
const TYPO_RATE = 0.06;

export function geoHere(state: BenignState) {
  const { country, city } = state.here;
  return { country: country.code, city: city.name, lat: city.lat, lon: city.lon };
}

function status(state: BenignState): Pick<TransactionFields, 'status' | 'declineReason'> {
  return state.rng.chance(DECLINE_RATE)
    ? { status: 'declined', declineReason: state.rng.weighted(DECLINE_REASONS) }
    : { status: 'approved' };
}

/** A card-present purchase: no login, no device, the merchant's city as the location. */
export function posPurchase(state: BenignState, at: number): PlannedRecord[] {
  const { rng, account } = state;
  const pos = MERCHANT_CATEGORIES.filter((c) => c.channel === 'pos');
  const category = rng.weighted(pos.map((c) => [c, c.weight] as const));
  const card = rng.pick(account.cards);
  return [
    state.writer.transaction(at, account.id, {
      type: 'payment',
      ...status(state),
      amount: { minor: benignAmount(rng, account.country, account.tier, category.medianUsd, category.sigma), currency: account.country.currency },
      channel: 'pos',
      merchant: { ...merchantId(category, state.here.country.code, rng.int(1, 40)), mcc: category.mcc, country: state.here.country.code },
      card: { ...card },
      geo: geoHere(state),
      account: accountContext(account),
    }),
  ];
}

/** A mobile/web session: a login (sometimes after a mistyped password) and a few actions. */
export function appSession(state: BenignState, at: number): PlannedRecord[] {
  const { rng, account, writer } = state;
  const device = rng.chance(0.85) ? state.devices[0] : rng.pick(state.devices);
  if (!device) return [];
  const ctx = { device: deviceOf(device), ip: state.here.ip, geo: geoHere(state) };
  const out: PlannedRecord[] = [];
  const method = rng.weighted([['password', 60], ['passkey', 25], ['otp', 15]] as const);
  let t = at;
  // Session events never precede the session start, so each day's events stay in order.
  if (method === 'password' && rng.chance(TYPO_RATE)) {
    out.push(writer.login(t, account.id, { outcome: 'failure', failureReason: 'bad_password', method, ...ctx }));
    t += rng.int(5, 40) * SECOND;
  }
  out.push(writer.login(t, account.id, { outcome: 'success', method, ...ctx }));
  const actions = rng.weighted([[0, 30], [1, 45], [2, 20], [3, 5]] as const);
  for (let i = 0; i < actions; i++) {
    t += rng.int(20, 240) * SECOND;
    out.push(appAction(state, t, ctx));
  }
  return out;
}

export type Ctx = Pick<TransactionFields, 'device' | 'ip' | 'geo'>;

/** An in-app purchase from an online merchant (of the customer's country unless `merchantCountry` says otherwise). */
export function onlinePurchase(state: BenignState, at: number, ctx: Ctx, merchantCountry = state.account.country.code): PlannedRecord {
  const { rng, account, writer } = state;
  const online = MERCHANT_CATEGORIES.filter((c) => c.channel === 'ecommerce');
  const category = rng.weighted(online.map((c) => [c, c.weight] as const));
  return writer.transaction(at, account.id, {
    type: 'payment', ...status(state), channel: 'ecommerce',
    amount: { minor: benignAmount(rng, account.country, account.tier, category.medianUsd, category.sigma), currency: account.country.currency },
    merchant: { ...merchantId(category, merchantCountry, rng.int(1, 60)), mcc: category.mcc, country: merchantCountry },
    card: { ...rng.pick(account.cards) }, ...ctx, account: accountContext(account),
  });
}

function appAction(state: BenignState, at: number, ctx: Ctx): PlannedRecord {
  const { rng, account, writer } = state;
  const currency = account.country.currency;
  const common = { ...ctx, account: accountContext(account) };
  const kind = rng.weighted([['shop', 60], ['p2p', 22], ['topup', 10], ['withdrawal', 4], ['refund', 4]] as const);
  switch (kind) {
    case 'shop':
      return onlinePurchase(state, at, ctx);
    case 'p2p': {
      // Mostly people they have paid before; now and then someone new (a new friend, a landlord).
      if (rng.chance(0.05)) state.beneficiaries.push(beneficiary(rng, state.runId));
      const to = rng.pick(state.beneficiaries);
      return writer.transaction(at, account.id, {
        type: 'transfer', ...status(state), channel: 'p2p',
        amount: { minor: benignAmount(rng, account.country, account.tier, 40, 0.9), currency },
        beneficiary: { ...to }, ...common,
      });
    }
    case 'topup':
      return writer.transaction(at, account.id, {
        type: 'topup', status: 'approved', channel: 'app',
        amount: { minor: roundForCurrency(usdToMinor(rng.pick([20, 50, 100, 200]), account.country), account.country), currency },
        card: { ...rng.pick(account.cards) }, ...common,
      });
    case 'withdrawal':
      return writer.transaction(at, account.id, {
        type: 'withdrawal', ...status(state), channel: 'app',
        amount: { minor: benignAmount(rng, account.country, account.tier, 60, 0.5), currency }, ...common,
      });
    case 'refund':
      return writer.transaction(at, account.id, {
        type: 'refund', status: 'approved', channel: 'ecommerce',
        amount: { minor: benignAmount(rng, account.country, account.tier, 25, 0.6), currency },
        merchant: { id: `m-${account.country.code.toLowerCase()}-5999-${rng.int(1, 60)}`, mcc: '5999', country: account.country.code }, ...common,
      });
  }
}
