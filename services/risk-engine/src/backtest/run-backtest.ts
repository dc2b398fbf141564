import { eventTime, type RuleSet } from '@vigil/rules';
import { computeBacktestReport, type BacktestReport, type Label } from './backtest-report.ts';
import type { RuleHits } from './compute-hits.ts';
import type { DecideJob } from './decide-job.ts';
import { historyParts } from './history-buffer.ts';
import { hitsJobOf, ruleHits } from './hits-job.ts';
import { partitionRules } from './partition-rules.ts';
import { inEventTimeOrder, type RecordedEvent } from './recorded-event.ts';
import { startReplayWorker } from './replay-in-worker.ts';
import { replayAnswer } from './replay-job.ts';
import { redeliveredKeys, type Replay } from './replay-rule-set.ts';
import { sharedRules } from './shared-rules.ts';

export interface BacktestRun {
  report: BacktestReport;
  warmup: number;
  measured: number;
  /**
   * Replay speed: events × 2 rule sets / seconds from starting the two workers to both replays
   * (their start-up and the history's transfer included).
   */
  eventsPerSecond: number;
  /**
   * How the rule sets were replayed: `shared` (rules both define alike computed once, on one
   * feature state) or `whole` (each set on a state of its own: their rules asked for one
   * feature on different events, see compute-hits.ts).
   */
  path: 'shared' | 'whole';
}

/**
 * Replays the history (events before `measureFrom` only warm the state up; events at or after
 * `measureTo` are left out) through both rule sets and compares their decisions. Each replays
 * the whole history in event-time order (cross-account state — IP, device, card — rules out
 * splitting it by account); the work runs in two worker threads, split by rules.
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
  /**
   * How the shared rules are split between the workers (default partitionRules). Tests force a
   * split that needs a feature in both workers, so the fallback path is checked whatever split
   * the cost model would pick.
   */
  partition?: typeof partitionRules;
}): Promise<BacktestRun> {
  const clock = options.clock ?? Date.now;
  const events = inEventTimeOrder(options.history).filter(
    ({ scored }) => eventTime(scored) < options.measureTo,
  );
  const started = clock();
  const { replays, path } = await replayBoth(
    [options.baseline, options.candidate],
    events,
    options.measureFrom,
    options.partition ?? partitionRules,
  );
  const seconds = Math.max(1e-3, (clock() - started) / 1_000);
  const [baseline, candidate] = replays;
  const report = computeBacktestReport({
    baseline: {
      version: options.baseline.version,
      fingerprint: options.baseline.fingerprint,
      decisions: baseline.decisions,
    },
    candidate: {
      version: options.candidate.version,
      fingerprint: options.candidate.fingerprint,
      decisions: candidate.decisions,
    },
    ...(options.labels ? { labels: options.labels } : {}),
    minutesPerCase: options.minutesPerCase,
    maxListed: options.maxListed,
  });
  return {
    report,
    warmup: baseline.warmup,
    measured: baseline.measured,
    eventsPerSecond: (2 * events.length) / seconds,
    path,
  };
}

/**
 * Both replays. First the shared way: the rules of both sets, each definition once, split
 * between two workers so that no feature is needed by both (partition-rules.ts); each computes
 * its rules' hits, then each worker decides one set from all the hits. When the workers report
 * a feature both used, or one the two sets' rules asked for on different events, one state
 * cannot serve both sets, and each worker replays one set whole instead. When a worker fails,
 * the other is stopped and the failure returned.
 */
async function replayBoth(
  sets: readonly [RuleSet, RuleSet],
  events: readonly RecordedEvent[],
  measureFrom: number,
  partition: typeof partitionRules,
): Promise<{ replays: [Replay, Replay]; path: BacktestRun['path'] }> {
  const stop = new AbortController();
  try {
    const workers = [startReplayWorker(stop.signal), startReplayWorker(stop.signal)] as const;
    const rules = sharedRules(sets);
    const parts = partition(sets, rules, events);
    const history = { events: events.length, redelivered: redeliveredKeys(events) };
    const answers = workers.map((worker, w) =>
      worker.run(
        hitsJobOf(
          sets,
          parts[w]!.map((r) => rules[r]!),
          history,
        ),
        ruleHits,
      ),
    );
    // The history follows in parts, made while the workers replay the parts before.
    for (const part of historyParts(events))
      for (const worker of workers) worker.send({ kind: 'history', part });
    const found = await Promise.all(answers);
    if (!shareable(found)) {
      const replays = await Promise.all(
        workers.map((worker, side) =>
          worker.run({ kind: 'replay', side: side as 0 | 1, measureFrom }, replayAnswer),
        ),
      );
      return { replays: replays as [Replay, Replay], path: 'whole' };
    }
    const hits = allHits(parts, found);
    const duplicates = found[0]!.duplicates;
    const replays = await Promise.all(
      workers.map((worker, side) =>
        worker.run(
          { kind: 'decide', side: side as 0 | 1, rules, hits, duplicates, measureFrom },
          replayAnswer,
        ),
      ),
    );
    return { replays: replays as [Replay, Replay], path: 'shared' };
  } catch (error) {
    stop.abort();
    throw error;
  }
}

/** Whether the workers' hits can stand for both sets: no feature state needed twice or by two different sets of events. */
function shareable(found: readonly RuleHits[]): boolean {
  if (found.some(({ conflicts }) => conflicts.length > 0)) return false;
  const first = new Set(found[0]!.used.map(([key]) => key));
  return !found[1]!.used.some(([key]) => first.has(key));
}

/** Both workers' hits, each rule by its position among the shared rules. */
function allHits(parts: readonly number[][], found: readonly RuleHits[]): DecideJob['hits'] {
  const all: DecideJob['hits'] = { events: [], rules: [], hits: [] };
  found.forEach(({ events, rules, hits }, w) => {
    // One at a time: spreading tens of thousands of arguments can overflow the stack.
    events.forEach((event, i) => {
      all.events.push(event);
      all.rules.push(parts[w]![rules[i]!]!);
      all.hits.push(hits[i]!);
    });
  });
  return all;
}
