import type { QualityWindow } from '../app/rule-quality-report.ts';
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
