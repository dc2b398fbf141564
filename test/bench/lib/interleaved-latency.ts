import type { Producer } from 'kafkajs';
import type { GeneratedEvent } from './event-mix.ts';
import type { TopicsByKind } from './kafka-load.ts';
import { measureLatency, type LatencyResult } from './latency-phase.ts';
import { markdownTable } from './markdown.ts';
import { medianInterval, verdictAgainst, type MedianInterval } from './median-interval.ts';
import type { OutputWatcher } from './output-watcher.ts';
import { fmt, percentile } from './stats.ts';

/** A running subject with input topics of its own: traffic goes to one subject at a time. */
export interface InterleavedSubject {
  name: string;
  topics: TopicsByKind;
  watcher: OutputWatcher;
}

export interface InterleavedStep {
  /** Index into the subjects (0 or 1). */
  subject: number;
  /** 1-based step number of that subject. */
  step: number;
  result: LatencyResult;
}

/**
 * Which subject each step feeds: A B B A, A B B A, …, `steps` each. A drift of the box over the
 * run (another process, the broker's log segments, Redis growing) then falls on both alike; a
 * plain A B A B would give B every "later" half-step.
 */
export function abbaOrder(steps: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < steps; i += 1) order.push(...(i % 2 === 0 ? [0, 1] : [1, 0]));
  return order;
}

/** Paced steps at one rate, alternating between two warm subjects in A B B A order. */
export async function measureInterleaved(options: {
  subjects: readonly [InterleavedSubject, InterleavedSubject];
  steps: number;
  stepMs: number;
  perSecond: number;
  producer: Producer;
  next: () => GeneratedEvent;
  log: (line: string) => void;
}): Promise<InterleavedStep[]> {
  const done = [0, 0];
  const out: InterleavedStep[] = [];
  for (const index of abbaOrder(options.steps)) {
    const subject = options.subjects[index]!;
    const result = await measureLatency({
      producer: options.producer,
      topics: subject.topics,
      watcher: subject.watcher,
      perSecond: options.perSecond,
      durationMs: options.stepMs,
      next: options.next,
    });
    done[index] = done[index]! + 1;
    out.push({ subject: index, step: done[index], result });
    options.log(
      `  ${subject.name} step ${done[index]} at ${options.perSecond}/s: p50 ${fmt.ms(result.latency.p50)} p99 ${fmt.ms(result.latency.p99)} missing ${result.missing}`,
    );
  }
  return out;
}

export interface InterleavedComparison {
  /** Per subject: the median of its steps' p99s, and the p99 of all its steps' latencies pooled. */
  medianStepP99: [number, number];
  pooledP99: [number, number];
  pooledP50: [number, number];
  /** Per pair (i-th step of each): p99 of B − p99 of A, in step order. */
  pairedP99Differences: number[];
  /** Median of the paired differences: B's p99 against A's, the box's drift paired out. */
  medianDifference: number;
  /** Where the true median difference lies, at 90 % or more (sign test; undefined: no pairs). */
  interval: MedianInterval | undefined;
  missing: [number, number];
}

/** The middle value, or the mean of the two middle ones (not the lower: no side is favoured). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Compares subject 1 (B) against subject 0 (A) over interleaved steps at one rate. */
export function compareInterleaved(steps: readonly InterleavedStep[]): InterleavedComparison {
  const of = (subject: number) => steps.filter((s) => s.subject === subject);
  const [a, b] = [of(0), of(1)];
  const pooled = (mine: InterleavedStep[]) => mine.flatMap((s) => s.result.latencies);
  const pairs = Math.min(a.length, b.length);
  const differences = Array.from(
    { length: pairs },
    (_, i) => b[i]!.result.latency.p99 - a[i]!.result.latency.p99,
  );
  const missing = (mine: InterleavedStep[]) => mine.reduce((n, s) => n + s.result.missing, 0);
  return {
    medianStepP99: [
      median(a.map((s) => s.result.latency.p99)),
      median(b.map((s) => s.result.latency.p99)),
    ],
    pooledP99: [percentile(pooled(a), 99), percentile(pooled(b), 99)],
    pooledP50: [percentile(pooled(a), 50), percentile(pooled(b), 50)],
    pairedP99Differences: differences,
    medianDifference: median(differences),
    interval: medianInterval(differences),
    missing: [missing(a), missing(b)],
  };
}

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)}`;

/** The report's section: one row per rate, then every step. */
export function renderInterleaved(input: {
  names: readonly [string, string];
  stepSeconds: number;
  rates: readonly { label: string; perSecond: number; steps: readonly InterleavedStep[] }[];
  /** What B may cost over A (ms of p99): the verdict column reads the interval against it. */
  limitMs: number;
}): string {
  const [a, b] = input.names;
  const limit = `${signed(input.limitMs)} ms`;
  const summary = input.rates.map(({ label, perSecond, steps }) => {
    const c = compareInterleaved(steps);
    return [
      label,
      fmt.int(perSecond),
      String(c.pairedP99Differences.length),
      `${fmt.ms(c.medianStepP99[0])} / ${fmt.ms(c.medianStepP99[1])}`,
      `${fmt.ms(c.pooledP99[0])} / ${fmt.ms(c.pooledP99[1])}`,
      `${fmt.ms(c.pooledP50[0])} / ${fmt.ms(c.pooledP50[1])}`,
      c.pairedP99Differences.map(signed).join(', '),
      `**${signed(c.medianDifference)} ms**`,
      c.interval
        ? `${signed(c.interval.low)} … ${signed(c.interval.high)} ms (${Math.round(c.interval.confidence * 1000) / 10} %)`
        : 'n/a',
      c.interval ? verdictAgainst(c.interval, input.limitMs) : 'n/a',
      `${c.missing[0]} / ${c.missing[1]}`,
    ];
  });
  const detail = input.rates.flatMap(({ label, steps }) =>
    steps.map((s) => [
      label,
      `${input.names[s.subject]} ${s.step}`,
      fmt.int(s.result.achievedPerSecond),
      fmt.int(s.result.events),
      fmt.ms(s.result.latency.p50),
      fmt.ms(s.result.latency.p99),
      fmt.ms(s.result.latency.max),
      fmt.ms(s.result.eventLoopDelayP99Ms),
    ]),
  );
  return `## Interleaved A/B: ${b} against ${a}, the same rates, A B B A steps of ${input.stepSeconds} s

Both engines run the whole time, warm, each on input topics, decisions topic and Redis prefix of
its own; the paced producer feeds one of them at a time, alternating A B B A, so the box's drift
over the run falls on both alike. A pair is the i-th step of each; the difference is the median of
the paired p99 differences (B − A), given with the sign test's interval for it (the coverage in
brackets: at least 90 % from 5 pairs on, the whole range of the pairs up to 7). The verdict
against ${limit}: within (the whole interval at or below it), beyond (the whole interval above),
not told apart (the run's pairs swing too much to say), or too few pairs (under 5).

${markdownTable(
  [
    'load',
    'events/s',
    'pairs',
    `median step p99 (${a} / ${b})`,
    'pooled p99',
    'pooled p50',
    'paired p99 differences (ms)',
    'median difference',
    'interval of the median',
    `against ${limit}`,
    'missing',
  ],
  summary,
)}

${markdownTable(
  [
    'load',
    'step',
    'achieved events/s',
    'events',
    'p50',
    'p99',
    'max',
    'harness event-loop delay p99',
  ],
  detail,
)}
`;
}
