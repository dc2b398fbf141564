import type { Country } from './countries.ts';

/**
 * How a market's customers spend, relative to the USD reference the merchant categories are
 * sized in. Converting a US basket at the exchange rate gives every market the same
 * USD-equivalent amounts, and a rule set whose per-currency thresholds are the USD ones
 * converted at the same rate then looks right everywhere while it is only right for the US.
 * Real markets differ: in Japan ordinary card and wallet purchases run from ¥5,000 to
 * ¥200,000 (larger tickets, more of them big-ticket electronics and department stores), in
 * India and Brazil baskets are smaller in USD terms but more spread (instalment purchases).
 */
export interface MarketProfile {
  /** Median ticket relative to the US one, in USD-equivalent at the market's rate. */
  spendScale: number;
  /** Extra log-normal spread on top of the category's: a wider mix of small and big tickets. */
  extraSigma: number;
  /**
   * Hours the market's daily rhythm runs late compared with the reference curve: evenings
   * peak later in Japan, Korea, China, Singapore and southern Europe / Latin America.
   */
  peakShiftHours: number;
}

/** Markets not listed (attacker origins, travel-only countries) spend like the reference. */
const REFERENCE: MarketProfile = { spendScale: 1, extraSigma: 0, peakShiftHours: 0 };

const PROFILES: Readonly<Record<string, MarketProfile>> = {
  JP: { spendScale: 2.2, extraSigma: 0.35, peakShiftHours: 1 },
  CN: { spendScale: 1.6, extraSigma: 0.3, peakShiftHours: 1 },
  KR: { spendScale: 1.7, extraSigma: 0.3, peakShiftHours: 2 },
  SG: { spendScale: 1.3, extraSigma: 0.2, peakShiftHours: 1 },
  US: REFERENCE,
  GB: { spendScale: 1, extraSigma: 0.1, peakShiftHours: 0 },
  DE: { spendScale: 0.9, extraSigma: 0, peakShiftHours: -1 },
  FR: { spendScale: 0.9, extraSigma: 0.1, peakShiftHours: 1 },
  BR: { spendScale: 0.8, extraSigma: 0.35, peakShiftHours: 2 },
  IN: { spendScale: 0.6, extraSigma: 0.3, peakShiftHours: 1 },
};

export function marketOf(country: Pick<Country, 'code'>): MarketProfile {
  return PROFILES[country.code] ?? REFERENCE;
}
