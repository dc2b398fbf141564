import { chargebackRate, type ChargebackRate } from '../domain/chargeback-rate.ts';
import {
  QUALITY_WINDOWS_DAYS,
  rankRules,
  ruleQuality,
  windowStart,
  type RuleQuality,
} from '../domain/rule-quality.ts';
import type { Clock, LabelStore } from './ports.ts';

export interface QualityWindow {
  days: number;
  since: Date;
  /** Every decision in the window (the flagged share's denominator). */
  decisions: number;
  rules: RuleQuality[];
}

/** Per-rule quality over the last `days` days (CLI report and gauges alike). */
export async function ruleQualityReport(
  labels: LabelStore,
  now: Date,
  days: number,
  maxRules: number,
): Promise<QualityWindow> {
  const since = windowStart(now, days);
  const { rules, decisions } = await labels.ruleCounts(since, maxRules);
  return { days, since, decisions, rules: rankRules(rules.map((c) => ruleQuality(c, decisions))) };
}

export interface QualitySnapshot {
  windows: QualityWindow[];
  /** Fraud disputes per BIN (top N, other, unknown) over each window. */
  fraudDisputesByBin: { days: number; bins: { bin: string; disputes: number }[] }[];
  /** Chargeback rate per BIN (top N, other) over each window. */
  chargebackByBin: { days: number; bins: ChargebackRate[] }[];
}

/** Where a refresh goes (Prometheus gauges in production). */
export interface QualitySink {
  publish(snapshot: QualitySnapshot): void;
}

export interface QualityRefreshOptions {
  labels: LabelStore;
  clock: Clock;
  sink: QualitySink;
  maxRules: number;
  topBins: number;
  retentionDays: number;
}

/**
 * One tick of the quality loop: prune what fell out of retention, recompute both windows and
 * publish them. Returns false: the next refresh is due after the loop's interval.
 */
export function qualityRefresh(options: QualityRefreshOptions): () => Promise<boolean> {
  return async () => {
    const now = options.clock();
    await options.labels.prune(new Date(now.getTime() - options.retentionDays * 86_400_000));
    const windows: QualityWindow[] = [];
    const fraudDisputesByBin: QualitySnapshot['fraudDisputesByBin'] = [];
    const chargebackByBin: QualitySnapshot['chargebackByBin'] = [];
    for (const days of QUALITY_WINDOWS_DAYS) {
      windows.push(await ruleQualityReport(options.labels, now, days, options.maxRules));
      const since = windowStart(now, days);
      const bins = await options.labels.fraudDisputesByBin(since, options.topBins);
      fraudDisputesByBin.push({ days, bins });
      const counts = await options.labels.chargebackByBin(since, options.topBins);
      chargebackByBin.push({ days, bins: counts.map(chargebackRate) });
    }
    options.sink.publish({ windows, fraudDisputesByBin, chargebackByBin });
    return false;
  };
}
