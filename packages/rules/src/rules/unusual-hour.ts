import { z } from 'zod';
import { duration, formatDuration } from '../duration.ts';
import { eventFilter, matchesFilter, perCurrency } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { featureSubsets } from '../feature-subsets.ts';
import { localTimeOfDay } from '../hour-band.ts';
import { defaultBucketMs } from '../windows.ts';
import { defineRule } from '../rule.ts';

const DAY = 86_400_000;

const params = z
  .object({
    /** How far back an hour of activity keeps counting as the account's (its habits). */
    lookback: duration.default(60 * DAY),
    /**
     * An hour becomes the account's once first active in at least this long before: a takeover's
     * own sign-in at 03:00 does not make its cash-out at 03:10 habitual.
     */
    settle: duration.default(DAY),
    /** The account's earliest recorded activity must be at least this old: thin history is silent. */
    minHistory: duration.default(30 * DAY),
    /** …and it must have this many recorded events within `minHistory` (the event's own included). */
    minEvents: z.number().int().positive().default(10),
    /** Which events make an hour the account's (e.g. successful sign-ins, approved payments). */
    record: eventFilter,
    /** Which events the rule judges (e.g. outgoing payments, payout method added). */
    when: eventFilter,
    /**
     * A judged transaction only from this amount in its currency (a currency absent: never);
     * judged events of other kinds (an account change) need none.
     */
    minAmount: perCurrency,
  })
  .refine((p) => p.lookback >= p.minHistory, {
    message: 'lookback must be at least minHistory',
    path: ['lookback'],
  });

/**
 * A high-value payment or a sensitive change at an hour the account was never active in: a
 * customer keeps hours (commute, lunch, evenings in their own zone); a takeover or a mule handler
 * works when the customer sleeps or from another continent. "Never active within an hour of this
 * time of day in `lookback`" (two staggered two-hour bands, hour-band.ts; an hour first active in
 * less than `settle` ago is not a habit yet: a takeover signs in and cashes out in one night), and only on an
 * established account: its earliest recorded activity `minHistory` old and `minEvents` events
 * within it. A new or thin account has no habits to break, and its first event none at all.
 */
export const unusualHourRule = defineRule({
  type: 'unusual-hour',
  description: "high-value activity at an hour outside the account's own history",
  params,
  compile: (p) => {
    const seen = (of: 'hour_band' | 'hour_band_offset'): FeatureSpec => ({
      kind: 'seen_before',
      dimension: 'account',
      of,
      lookbackMs: p.lookback,
      filter: p.record,
    });
    const specs: Record<string, FeatureSpec> = {
      band: seen('hour_band'),
      offset: seen('hour_band_offset'),
      events: {
        kind: 'counter',
        dimension: 'account',
        measure: 'count',
        windowMs: p.minHistory,
        // Daily buckets (a count of 30 days needs no finer edge); a window of hours in tests.
        bucketMs: p.minHistory % DAY === 0 ? DAY : defaultBucketMs(p.minHistory),
        filter: p.record,
      },
    };
    const subset = featureSubsets(specs);
    const none = new Set<string>();
    const judged = (scored: Parameters<typeof matchesFilter>[0]) => {
      if (!matchesFilter(scored, p.when)) return false;
      const tx = transactionOf(scored);
      if (!tx) return true;
      const min = p.minAmount[tx.amount.currency];
      return min !== undefined && tx.amount.minor >= min;
    };
    return {
      judgesAmount: true,
      // A judged event reads every feature; the others only record their hours and count.
      features: (scored) => (judged(scored) ? specs : subset(scored, none)),
      evaluate: (scored, features, ctx) => {
        if (!judged(scored)) return null;
        const habitual = (name: string) => {
          const first = features.firstSeenAt(name);
          const recent = features.seenWithin(name, ctx.at, p.lookback);
          // Not applicable (undefined) counts as habitual: silent.
          if (first === undefined || recent === undefined) return true;
          return recent && first !== null && ctx.at - first >= p.settle;
        };
        if (habitual('band') || habitual('offset')) return null;
        const since = features.historySince('band');
        if (since == null || ctx.at - since < p.minHistory) return null;
        const events = features.count('events');
        if (events === undefined || events < p.minEvents) return null;
        const tx = transactionOf(scored);
        const what =
          tx !== undefined
            ? `${tx.amount.minor} ${tx.amount.currency} ${tx.type}`
            : scored.kind === 'account_change'
              ? scored.event.change
              : scored.kind;
        const local = localTimeOfDay(ctx.at, ctx.timeZone);
        return {
          message: `${what} at ${local} (${ctx.timeZone}): no activity of this account within an hour of that time of day in ${formatDuration(p.lookback)} (${events} events in ${formatDuration(p.minHistory)})`,
          observed: local,
          threshold: formatDuration(p.lookback),
        };
      },
    };
  },
});
