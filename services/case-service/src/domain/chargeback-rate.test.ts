import { describe, expect, it } from 'vitest';
import { chargebackRate } from './chargeback-rate.ts';

describe('chargebackRate', () => {
  it('is fraud disputes over payments, count based', () => {
    expect(
      chargebackRate({ key: '411111', disputes: 3, datedByDispute: 1, payments: 400 }),
    ).toEqual({ key: '411111', disputes: 3, datedByDispute: 1, payments: 400, rate: 0.0075 });
  });

  it('is 0 for a BIN with payments and no dispute', () => {
    expect(
      chargebackRate({ key: '550000', disputes: 0, datedByDispute: 0, payments: 2 }).rate,
    ).toBe(0);
  });

  it('is undefined without payments in the window, whatever the disputes', () => {
    expect(
      chargebackRate({ key: '411111', disputes: 2, datedByDispute: 2, payments: 0 }).rate,
    ).toBeUndefined();
  });
});
