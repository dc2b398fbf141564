import { eventTime, type RuleSet } from '@vigil/rules';
import { computeBacktestReport, type BacktestReport, type Label } from './backtest-report.ts';
import { inEventTimeOrder, type RecordedEvent } from './recorded-event.ts';
import { startReplayWorker } from './replay-in-worker.ts';
import { historyText, replayJobOf } from './replay-job.ts';
import type { Replay } from './replay-rule-set.ts';

export interface BacktestRun {
  report: BacktestReport;
  warmup: number;
  measured: number;
  /**
   * Replay speed: events × 2 rule sets / seconds from starting the two workers to both answers
   * (their start-up and the history's transfer included).
   */
  eventsPerSecond: number;
}

/**
 * Replays the history (events before `measureFrom` only warm the state up; events at or after
 * `measureTo` are left out) through both rule sets and compares their decisions. The two replays
 * run in parallel, each in a worker thread of its own; each replays the whole history in
 * event-time order (cross-account state — IP, device, card — rules out splitting it by account).
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
  const [baseline, candidate] = await replayBoth(
    [options.baseline, options.candidate],
    events,
    options.measureFrom,
  );
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

/**
 * Both replays at once, each in a worker thread; the workers start loading before the history
 * is serialised for them. When one fails, the other is stopped and the failure returned.
 */
async function replayBoth(
  ruleSets: readonly [RuleSet, RuleSet],
  events: readonly RecordedEvent[],
  measureFrom: number,
): Promise<[Replay, Replay]> {
  const stop = new AbortController();
  try {
    const workers = [startReplayWorker(stop.signal), startReplayWorker(stop.signal)] as const;
    const history = historyText(events);
    const [baseline, candidate] = ruleSets;
    return await Promise.all([
      workers[0].replay(replayJobOf(baseline, history, measureFrom)),
      workers[1].replay(replayJobOf(candidate, history, measureFrom)),
    ]);
  } catch (error) {
    stop.abort();
    throw error;
  }
}
