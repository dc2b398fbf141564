/** A kind of merchant: its MCC, how often people pay there, and typical spend in USD. */
export interface MerchantCategory {
  mcc: string;
  label: string;
  channel: 'pos' | 'ecommerce';
  weight: number;
  medianUsd: number;
  sigma: number;
}

export const MERCHANT_CATEGORIES: readonly MerchantCategory[] = [
  { mcc: '5411', label: 'Grocery', channel: 'pos', weight: 30, medianUsd: 35, sigma: 0.7 },
  { mcc: '5812', label: 'Restaurant', channel: 'pos', weight: 18, medianUsd: 25, sigma: 0.6 },
  { mcc: '5814', label: 'Fast Food', channel: 'pos', weight: 14, medianUsd: 9, sigma: 0.4 },
  { mcc: '5499', label: 'Convenience Store', channel: 'pos', weight: 14, medianUsd: 7, sigma: 0.6 },
  { mcc: '5541', label: 'Fuel', channel: 'pos', weight: 6, medianUsd: 45, sigma: 0.4 },
  { mcc: '4111', label: 'Transit', channel: 'pos', weight: 8, medianUsd: 4, sigma: 0.5 },
  { mcc: '5912', label: 'Pharmacy', channel: 'pos', weight: 3, medianUsd: 18, sigma: 0.6 },
  { mcc: '5311', label: 'Department Store', channel: 'pos', weight: 4, medianUsd: 60, sigma: 0.7 },
  { mcc: '5942', label: 'Book Store', channel: 'ecommerce', weight: 3, medianUsd: 20, sigma: 0.5 },
  { mcc: '5732', label: 'Electronics', channel: 'ecommerce', weight: 3, medianUsd: 90, sigma: 0.8 },
  { mcc: '5999', label: 'Online Marketplace', channel: 'ecommerce', weight: 12, medianUsd: 30, sigma: 0.8 },
  { mcc: '5815', label: 'Digital Media', channel: 'ecommerce', weight: 6, medianUsd: 10, sigma: 0.4 },
  { mcc: '4121', label: 'Ride Hailing', channel: 'ecommerce', weight: 6, medianUsd: 16, sigma: 0.5 },
  { mcc: '4814', label: 'Mobile Top-up', channel: 'ecommerce', weight: 2, medianUsd: 20, sigma: 0.3 },
  { mcc: '7011', label: 'Hotel', channel: 'ecommerce', weight: 1, medianUsd: 140, sigma: 0.5 },
];

/** Where card testers run their checks: cheap digital goods and donations. */
export const CARD_TESTING_MCCS = ['5815', '5816', '8398'] as const;

/** Merchants per category and country: a stable id and a name, so repeat visits hit the same merchant. */
export function merchantId(category: MerchantCategory, country: string, n: number): { id: string; name: string } {
  return { id: `m-${country.toLowerCase()}-${category.mcc}-${n}`, name: `${category.label} ${country} #${n}` };
}
