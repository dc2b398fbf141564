import { z } from 'zod';
import { duration, formatDuration } from '../duration.ts';
import { eventFilter, matchesFilter } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
import { DIMENSIONS, type FeatureSpec } from '../feature-spec.ts';
import { defineRule, reachedTier, tierHit } from '../rule.ts';
import { defaultBucketMs } from '../windows.ts';
import { accountAgeMs, accountHistory, averageSpec, tiersWithHistory } from './account-history.ts';
import { countOrAmountTier, tiersFor } from './amount-tiers.ts';

const MAX_BUCKETS = 120;

const params = z
  .object({
    dimension: z.enum(DIMENSIONS),
    measure: z.enum(['count', 'amount']).default('count'),
    window: duration,
    bucket: duration.optional(),
    /** Which events are counted. */
    filter: eventFilter.default({}),
    /** Which events the rule judges (default: the counted ones), e.g. count failures, judge the success. */
    when: eventFilter.optional(),
    tiers: z.array(countOrAmountTier).min(1),
    /** Amount per account only: also against the account's own average payment (account-history.ts). */
    accountHistory: accountHistory.optional(),
  })
  .transform((p) => ({ ...p, bucketMs: p.bucket ?? defaultBucketMs(p.window) }))
  .refine((p) => p.window % p.bucketMs === 0 && p.window / p.bucketMs <= MAX_BUCKETS, {
    message: `window must be a multiple of bucket, with at most ${MAX_BUCKETS} buckets`,
  })
  .refine((p) => !p.accountHistory || (p.dimension === 'account' && p.measure === 'amount'), {
    message: 'accountHistory needs dimension account and measure amount',
    path: ['accountHistory'],
  });

/**
 * Count or amount of matching events per dimension over a sliding window (the current event
 * included when it matches). One type covers transaction velocity, declines per card/IP/BIN
 * (card testing, BIN attacks), small-payment bursts, duplicates, failures before a success.
 */
export const velocityRule = defineRule({
  type: 'velocity',
  description: 'count or amount of matching events per dimension in a sliding window',
  params,
  compile: (p) => {
    const total: FeatureSpec = {
      kind: 'counter',
      dimension: p.dimension,
      measure: p.measure,
      windowMs: p.window,
      bucketMs: p.bucketMs,
      filter: p.filter,
    };
    const average = p.accountHistory && averageSpec(p.accountHistory, p.filter);
    const specs = average ? { total, average } : { total };
    return {
      judgesAmount: p.measure === 'amount' || p.filter.amountBelow !== undefined,
      features: (scored) =>
        // Counted events must reach the store even when the rule only judges other events.
        matchesFilter(scored, p.filter) || matchesFilter(scored, p.when ?? p.filter) ? specs : {},
      evaluate: (scored, features, ctx) => {
        if (!matchesFilter(scored, p.when ?? p.filter)) return null;
        const observed = features.count('total');
        if (observed === undefined) return null;
        const currency =
          p.measure === 'amount' ? transactionOf(scored)?.amount.currency : undefined;
        const own = p.accountHistory
          ? tiersWithHistory(
              tiersFor(p.tiers, currency),
              p.accountHistory,
              features.average('average'),
              accountAgeMs(scored, ctx.at),
            )
          : { tiers: tiersFor(p.tiers, currency) };
        const step = reachedTier(own.tiers, observed);
        if (!step) return null;
        const what = p.measure === 'amount' ? `${currency ?? ''} minor units` : 'events';
        const against =
          own.average === undefined || p.accountHistory === undefined
            ? ''
            : ` (threshold: the cut-off or ${p.accountHistory.multiplier}× the account's average payment ${own.average}, whichever is higher)`;
        return tierHit(
          step,
          `${observed} ${what} per ${p.dimension} in ${formatDuration(p.window)}${against}`,
          observed,
        );
      },
    };
  },
});
