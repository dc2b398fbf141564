import { describe, expect, it } from 'vitest';
import { chargebackRate } from '../domain/chargeback-rate.ts';
import { chargebackTable } from './quality-report.ts';

describe('chargebackTable', () => {
  it('shows payments, fraud disputes, the rate and how many disputes were dated by the dispute', () => {
    const rows = [
      { key: '45717360', disputes: 1, datedByDispute: 0, payments: 2 },
      { key: '55000011', disputes: 0, datedByDispute: 0, payments: 3 },
      { key: '41111111', disputes: 1, datedByDispute: 1, payments: 0 },
    ].map(chargebackRate);
    expect(chargebackTable('BIN', 7, rows).split('\n')).toEqual([
      'chargeback rate by bin, payments of the last 7 days',
      'BIN       PAYMENTS  FRAUD DISPUTES  RATE    BY DISPUTE DATE',
      '--------  --------  --------------  ------  ---------------',
      '45717360  2         1               50.00%  0',
      '55000011  3         0               0.00%   0',
      '41111111  0         1               -       1',
    ]);
  });

  it('says so when the window has nothing', () => {
    expect(chargebackTable('MERCHANT', 30, [])).toBe(
      'chargeback rate by merchant, payments of the last 30 days: no merchant with a fraud dispute in the window',
    );
  });
});
