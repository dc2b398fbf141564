/**
 * Amount rules put the currency beside the amount in their message ("payment 125000 JPY over
 * the tier limit 100000"), with observed and threshold in minor units. The console formats
 * those as money; every other reason's values are counts or labels shown as they are.
 */
export function reasonCurrency(message: string, observed: string | null): string | null {
  if (observed === null || !/^\d+$/.test(observed)) return null;
  const match = new RegExp(`\\b${observed} ([A-Z]{3})\\b`).exec(message);
  return match?.[1] ?? null;
}
