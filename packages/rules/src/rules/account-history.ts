import { z } from 'zod';
import { duration } from '../duration.ts';
import type { ScoredEvent } from '@vigil/events';
import type { EventFilter } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import type { Tier } from '../rule.ts';

/**
 * Judge an amount against the account's own history as well as the platform cut-off: once the
 * account is established (`minAccountAge` old and `minSamples` counted payments in the
 * currency), a tier is reached only at `multiplier` × its average payment too. A customer whose
 * ordinary tickets are large (a market that spends more, a business) is not flagged for
 * spending as usual. A young account meets the plain cut-off: a mule opened last week would
 * otherwise vouch for itself with the average of its own burst.
 */
export const accountHistory = z.object({
  multiplier: z.number().gt(1),
  minSamples: z.number().int().positive().default(5),
  /** From the event's `account.createdAt`; an event without it has no established history. */
  minAccountAge: duration.default(30 * 86_400_000),
  /** How long the running average remembers (as unusual-amount's, so both share one feature). */
  retention: duration.default(180 * 86_400_000),
});
export type AccountHistory = z.infer<typeof accountHistory>;

export function averageSpec(history: AccountHistory, filter: EventFilter): FeatureSpec {
  return { kind: 'average', dimension: 'account', retentionMs: history.retention, filter };
}

/**
 * The tiers raised to `multiplier` × the account's average where it has enough history, and
 * the average that raised them (undefined when the platform cut-offs stand).
 */
export function tiersWithHistory(
  tiers: readonly Tier[],
  history: AccountHistory,
  average: { count: number; mean: number } | undefined,
  accountAgeMs: number | undefined,
): { tiers: Tier[]; average?: number } {
  const established =
    accountAgeMs !== undefined &&
    accountAgeMs >= history.minAccountAge &&
    average !== undefined &&
    average.count >= history.minSamples;
  if (!established) return { tiers: [...tiers] };
  const own = Math.round(average.mean * history.multiplier);
  return {
    tiers: tiers.map((t) => ({ ...t, atLeast: Math.max(t.atLeast, own) })),
    average: Math.round(average.mean),
  };
}

/** How old the account was at `at`, from the transaction's `account.createdAt`; undefined when not given. */
export function accountAgeMs(scored: ScoredEvent, at: number): number | undefined {
  const createdAt = transactionOf(scored)?.account?.createdAt;
  return createdAt === undefined ? undefined : at - Date.parse(createdAt);
}
