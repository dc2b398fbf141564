import { eventTime, type RuleSet } from '@vigil/rules';
import { computeBacktestReport, type BacktestReport, type Label } from './backtest-report.ts';
import { inEventTimeOrder, type RecordedEvent } from './recorded-event.ts';
import { replayRuleSet } from './replay-rule-set.ts';

export interface BacktestRun {
  report: BacktestReport;
  warmup: number;
  measured: number;
  /** Replay speed, per rule set (both are replayed one after the other). */
  eventsPerSecond: number;
}

/**
 * Replays the history (events before `measureFrom` only warm the state up; events at or after
 * `measureTo` are left out) through both rule sets and compares their decisions.
 */
export async function runBacktest(options: {
  baseline: RuleSet;
  candidate: RuleSet;
  history: readonly RecordedEvent[];
  measureFrom: number;
  measureTo: number;
  labels?: ReadonlyMap<string, Label>;
  minutesPerCase: number;
  maxListed: number;
  clock?: () => number;
}): Promise<BacktestRun> {
  const clock = options.clock ?? Date.now;
  const events = inEventTimeOrder(options.history).filter(
    ({ scored }) => eventTime(scored) < options.measureTo,
  );
  const started = clock();
  const baseline = await replayRuleSet(options.baseline, events, options.measureFrom);
  const candidate = await replayRuleSet(options.candidate, events, options.measureFrom);
  const seconds = Math.max(1e-3, (clock() - started) / 1_000);
  const report = computeBacktestReport({
    baseline: { version: options.baseline.version, decisions: baseline.decisions },
    candidate: { version: options.candidate.version, decisions: candidate.decisions },
    ...(options.labels ? { labels: options.labels } : {}),
    minutesPerCase: options.minutesPerCase,
    maxListed: options.maxListed,
  });
  return {
    report,
    warmup: baseline.warmup,
    measured: baseline.measured,
    eventsPerSecond: (2 * events.length) / seconds,
  };
}
