/** Rolling windows the quality gauges are kept for (days). */
export const QUALITY_WINDOWS_DAYS = [7, 30] as const;
export const RULE_MODES = ['enforce', 'shadow'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

/** What the ledger counts for one rule in one mode over a window. */
export interface RuleCounts {
  rule: string;
  mode: RuleMode;
  /** Decisions the rule fired on (shadow: would have fired on). */
  hits: number;
  labelledFraud: number;
  labelledLegit: number;
  /** Hits whose decision was a challenge. */
  challenges: number;
  /** Of those, challenges the customer answered "it was me". */
  answeredItWasMe: number;
}

export interface RuleQuality extends RuleCounts {
  /** labelledFraud / labelled hits; undefined while no hit is labelled. */
  precision: number | undefined;
  /** hits / every decision in the window; undefined while there were no decisions. */
  flaggedShare: number | undefined;
  /**
   * Challenges answered "it was me" (a customer stopped for nothing). A shadow rule challenges
   * nobody: for it this is how many of its hits were challenged by other rules and answered so.
   */
  friction: number;
}

/**
 * The window "last N days": from the start of the UTC day N − 1 days before `now`'s, so hits
 * (timestamps) and the per-day decision counts cover exactly the same days.
 */
export function windowStart(now: Date, days: number): Date {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(startOfToday - (days - 1) * 86_400_000);
}

export function ruleQuality(counts: RuleCounts, decisions: number): RuleQuality {
  const labelled = counts.labelledFraud + counts.labelledLegit;
  return {
    ...counts,
    precision: labelled > 0 ? counts.labelledFraud / labelled : undefined,
    flaggedShare: decisions > 0 ? counts.hits / decisions : undefined,
    friction: counts.answeredItWasMe,
  };
}

/**
 * Report order: enforce before shadow, then most hits first (where tuning pays most), then by
 * name so equal rows never swap between runs.
 */
export function rankRules(rows: readonly RuleQuality[]): RuleQuality[] {
  return [...rows].sort(
    (a, b) =>
      RULE_MODES.indexOf(a.mode) - RULE_MODES.indexOf(b.mode) ||
      b.hits - a.hits ||
      a.rule.localeCompare(b.rule),
  );
}
