import { describe, expect, it } from 'vitest';
import { reasonCurrency } from './amount-reason.ts';

describe('reasonCurrency', () => {
  it('finds the currency an amount rule names beside the observed amount', () => {
    expect(reasonCurrency('payment 125000 JPY over the tier limit 100000', '125000')).toBe('JPY');
  });

  it('is null for counts and labels', () => {
    expect(reasonCurrency('7 cards per device in 1h', '7')).toBeNull();
    expect(reasonCurrency('merchant category 7995 is high risk (ecommerce)', '7995')).toBeNull();
    expect(reasonCurrency('deny-listed device', 'dev-1,dev-2')).toBeNull();
    expect(reasonCurrency('no observed value', null)).toBeNull();
  });
});
