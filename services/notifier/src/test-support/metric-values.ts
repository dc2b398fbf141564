import type { Counter } from 'prom-client';

/** Sum of a counter's series whose labels include all of `labels`. */
export async function counterTotal<L extends string>(
  counter: Counter<L>,
  labels: Partial<Record<L, string>>,
): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((value) =>
      Object.entries(labels).every(([key, expected]) => value.labels[key as L] === expected),
    )
    .reduce((sum, value) => sum + value.value, 0);
}
