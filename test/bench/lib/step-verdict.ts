import type { Summary } from './stats.ts';

/** Events sent but not yet decided, sampled once a second during a measured step. */
export interface BacklogSample {
  /** Milliseconds since the step's measured window began. */
  atMs: number;
  backlog: number;
}

/** Least-squares slope of the backlog over the samples, in events per second (0 for < 2). */
export function backlogSlope(samples: readonly BacklogSample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanT = samples.reduce((s, p) => s + p.atMs, 0) / n;
  const meanB = samples.reduce((s, p) => s + p.backlog, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of samples) {
    covariance += (p.atMs - meanT) * (p.backlog - meanB);
    variance += (p.atMs - meanT) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 1_000;
}

export interface StepMeasurement {
  /** Offered rate (events/s). */
  perSecond: number;
  /** Rate the paced producer actually sent at. */
  achievedSendPerSecond: number;
  latency: Summary;
  /** Measured events with no decision by the end of the drain. */
  missing: number;
  backlog: readonly BacklogSample[];
}

export interface StepBounds {
  /** Sustainable: p99 at most this (ms). */
  targetP99Ms: number;
  /** Stepping stops once p99 exceeds this (ms). */
  stopP99Ms: number;
}

export interface StepVerdict {
  /** p99 within the target, backlog not growing, nothing missing, the offered rate was sent. */
  sustainable: boolean;
  /** Higher rates are pointless: p99 past the stop bound, backlog growing, or the harness fell behind. */
  stop: boolean;
  /** The backlog grows by more than 5% of the rate per second and ends above half a second's worth. */
  backlogGrowing: boolean;
  /** Why it is not sustainable, for the report. */
  notes: string[];
}

/** A producer reaching less than this share of the offered rate did not offer it. */
const MIN_SEND_SHARE = 0.95;
const GROWTH_SHARE = 0.05;
const END_BACKLOG_SECONDS = 0.5;

/** Judges one step against the bounds (pure: the numbers in, the verdict out). */
export function judgeStep(step: StepMeasurement, bounds: StepBounds): StepVerdict {
  const last = step.backlog.at(-1)?.backlog ?? 0;
  const backlogGrowing =
    backlogSlope(step.backlog) > GROWTH_SHARE * step.perSecond &&
    last > END_BACKLOG_SECONDS * step.perSecond;
  const behind = step.achievedSendPerSecond < MIN_SEND_SHARE * step.perSecond;
  const p99 = step.latency.p99;
  const notes: string[] = [];
  if (!(p99 <= bounds.targetP99Ms)) notes.push(`p99 > ${bounds.targetP99Ms} ms`);
  if (backlogGrowing) notes.push('backlog growing');
  if (step.missing > 0) notes.push(`${step.missing} undecided after the drain`);
  if (behind) notes.push('the producer fell behind the offered rate');
  return {
    sustainable: notes.length === 0,
    stop: !(p99 <= bounds.stopP99Ms) || backlogGrowing || behind,
    backlogGrowing,
    notes,
  };
}

/** The largest offered rate among the sustainable steps; undefined when none was. */
export function maxSustainableRate(
  steps: readonly { perSecond: number; verdict: Pick<StepVerdict, 'sustainable'> }[],
): number | undefined {
  const rates = steps.filter((s) => s.verdict.sustainable).map((s) => s.perSecond);
  return rates.length === 0 ? undefined : Math.max(...rates);
}
