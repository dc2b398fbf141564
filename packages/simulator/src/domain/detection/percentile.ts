/**
 * Nearest-rank percentile (the smallest value with at least p% of values at or below it): always
 * an observed value, never interpolated, so small samples report a time that really happened.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}
