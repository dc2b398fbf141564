/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length === 0 ? Number.NaN : Math.max(...samples),
  };
}

/** Events per second over a span measured in milliseconds. */
export function ratePerSecond(count: number, spanMs: number): number {
  return spanMs <= 0 ? Number.NaN : (count * 1_000) / spanMs;
}

export const fmt = {
  int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a'),
  ms: (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a'),
  mib: (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`,
  ratio: (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a'),
};

/** p50, p95, p99 and max of a summary, formatted as table cells. */
export function latencyCells(summary: Summary): string[] {
  return [summary.p50, summary.p95, summary.p99, summary.max].map((n) => fmt.ms(n));
}
