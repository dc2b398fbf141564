import type { Prng } from './prng.ts';
import type { Tier } from './population.ts';
import { usdToMinor, type Country } from './world/countries.ts';
import { marketOf } from './world/markets.ts';

/**
 * Reference tier limits in USD-equivalent (RULES-REFERENCE "tier limits": Stripe Issuing's 100 per
 * payment for the basic tier). Benign spending stays under a share of them; limit-breach
 * episodes go over them.
 */
export const TIER_LIMITS_USD: Record<Tier, { perPayment: number; daily: number }> = {
  basic: { perPayment: 100, daily: 1_000 },
  verified: { perPayment: 5_000, daily: 10_000 },
  business: { perPayment: 20_000, daily: 50_000 },
};

/** Share of a limit benign customers stay under, so ordinary traffic rarely trips tier rules. */
const BENIGN_HEADROOM = 0.8;

/**
 * A log-normal spend capped below the tier limit, as integer minor units of the currency: the
 * category's USD median and spread, scaled to what the customer's market spends (markets.ts).
 */
export function benignAmount(
  rng: Prng,
  country: Country,
  tier: Tier,
  medianUsd: number,
  sigma: number,
): number {
  const market = marketOf(country);
  const spend = rng.logNormal(medianUsd * market.spendScale, sigma + market.extraSigma);
  const usd = Math.min(spend, TIER_LIMITS_USD[tier].perPayment * BENIGN_HEADROOM);
  return roundForCurrency(usdToMinor(Math.max(0.5, usd), country), country);
}

/** Prices end in round-ish numbers: yen to 10, cents to whole units for larger amounts. */
export function roundForCurrency(minor: number, country: Country): number {
  const step = country.minorDigits === 0 ? 10 : minor > 10_000 ? 100 : 1;
  return Math.max(step, Math.round(minor / step) * step);
}
