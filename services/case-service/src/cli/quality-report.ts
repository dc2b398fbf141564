import type { QualityWindow } from '../app/rule-quality-report.ts';
import type { ChargebackRate } from '../domain/chargeback-rate.ts';
import { table } from './format.ts';

const percent = (value: number | undefined, digits = 1) =>
  value === undefined ? '-' : `${(value * 100).toFixed(digits)}%`;

/**
 * The per-rule quality table: one row per rule and mode, enforce first, most hits first.
 * PRECISION is labelled fraud over labelled hits ("-" while none is labelled); FLAGGED is the
 * share of all decisions the rule fired on; IT WAS ME counts challenges answered "it was me".
 */
export function qualityTable(window: QualityWindow): string {
  const header = `rule quality, last ${window.days} days (since ${window.since.toISOString()}): ${window.decisions} decisions`;
  if (window.rules.length === 0) return `${header}\n(no rule fired in the window)`;
  return `${header}\n${table(
    ['RULE', 'MODE', 'HITS', 'FLAGGED', 'FRAUD', 'LEGIT', 'PRECISION', 'CHALLENGES', 'IT WAS ME'],
    window.rules.map((r) => [
      r.rule,
      r.mode,
      String(r.hits),
      percent(r.flaggedShare, 2),
      String(r.labelledFraud),
      String(r.labelledLegit),
      percent(r.precision),
      String(r.challenges),
      String(r.friction),
    ]),
  )}`;
}

/** Fraud disputes per merchant in the window (merchants are no metric label: unbounded). */
export function merchantTable(
  rows: readonly { merchantId: string; disputes: number; lost: number }[],
) {
  if (rows.length === 0) return 'fraud disputes by merchant: none in the window';
  return `fraud disputes by merchant\n${table(
    ['MERCHANT', 'DISPUTES', 'LOST'],
    rows.map((r) => [r.merchantId, String(r.disputes), String(r.lost)]),
  )}`;
}

/**
 * Chargeback rate per BIN or merchant (definition: domain/chargeback-rate.ts). RATE is fraud
 * disputes on the window's payments over its payments ("-" without payments); BY DISPUTE DATE
 * counts the disputes dated by the dispute because the payment's decision is unknown.
 */
export function chargebackTable(
  by: 'BIN' | 'MERCHANT',
  days: number,
  rows: readonly ChargebackRate[],
): string {
  const header = `chargeback rate by ${by.toLowerCase()}, payments of the last ${days} days`;
  // Merchants are listed by their fraud disputes only (unbounded: chargebackCountsByMerchant).
  if (rows.length === 0)
    return by === 'MERCHANT'
      ? `${header}: no merchant with a fraud dispute in the window`
      : `${header}: no payments or fraud disputes in the window`;
  return `${header}\n${table(
    [by, 'PAYMENTS', 'FRAUD DISPUTES', 'RATE', 'BY DISPUTE DATE'],
    rows.map((r) => [
      r.key,
      String(r.payments),
      String(r.disputes),
      percent(r.rate, 2),
      String(r.datedByDispute),
    ]),
  )}`;
}
