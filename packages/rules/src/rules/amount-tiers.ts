import { z } from 'zod';
import { perCurrency } from '../event-filter.ts';
import { outcome, type Tier } from '../rule.ts';

/** A tier whose threshold is a count, or an amount per currency in minor units. */
export const countOrAmountTier = z.object({
  atLeast: z.union([z.number().nonnegative(), perCurrency]),
  score: z.number().min(0).max(100).optional(),
  outcome: outcome.optional(),
});
export type CountOrAmountTier = z.infer<typeof countOrAmountTier>;

/** The tiers that apply in `currency`: counts always, amounts only where the currency is configured. */
export function tiersFor(
  steps: readonly CountOrAmountTier[],
  currency: string | undefined,
): Tier[] {
  const out: Tier[] = [];
  for (const step of steps) {
    const atLeast =
      typeof step.atLeast === 'number'
        ? step.atLeast
        : currency === undefined
          ? undefined
          : step.atLeast[currency];
    if (atLeast === undefined) continue;
    const resolved: Tier = { atLeast };
    if (step.score !== undefined) resolved.score = step.score;
    if (step.outcome !== undefined) resolved.outcome = step.outcome;
    out.push(resolved);
  }
  return out.sort((a, b) => a.atLeast - b.atLeast);
}
