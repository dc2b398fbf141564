import { z } from 'zod';
import { country } from '@vigil/events';
import { duration } from '../duration.ts';
import { eventFilter, matchesFilter, perCurrency } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { defineRule, outcome, type RuleHit } from '../rule.ts';

const params = z.object({
  check: z
    .array(z.enum(['card', 'ip']))
    .min(1)
    .default(['card', 'ip']),
  /** Neighbour pairs that are normal (cross-border commuters); order does not matter. */
  neighbours: z.array(z.tuple([country, country])).default([]),
  /** Amount per currency above which the mismatch is worth a review rather than a challenge. */
  largeAmount: perCurrency.optional(),
  largeScore: z.number().min(0).max(100).default(75),
  largeOutcome: outcome.optional(),
  /**
   * An IP country the customer has already used (events matching `record`, e.g. successful
   * logins, within `lookback`) is not a mismatch: a traveller is asked once, on arrival (new
   * country login), not on every payment of the trip.
   */
  familiar: z.object({ lookback: duration, record: eventFilter }).optional(),
});

/** Card issuing country or IP country differs from the account's country (Adyen: among the most effective). */
export const countryMismatchRule = defineRule({
  type: 'country-mismatch',
  description: 'card or IP country differs from the account country (neighbours allowed)',
  params,
  compile: (p) => {
    const allowed = new Set(p.neighbours.flatMap(([a, b]) => [`${a}:${b}`, `${b}:${a}`]));
    // Same spec as a new-country login rule with this lookback and filter: one shared state.
    const familiarSpecs: Record<string, FeatureSpec> = p.familiar
      ? {
          familiar: {
            kind: 'seen_before',
            dimension: 'account',
            of: 'country',
            lookbackMs: p.familiar.lookback,
            filter: p.familiar.record,
          },
        }
      : {};
    return {
      // Recording events keep the state even if no new-country rule is on; judged payments read it.
      features: (scored) =>
        p.familiar &&
        p.check.includes('ip') &&
        (matchesFilter(scored, p.familiar.record) || transactionOf(scored)?.geo)
          ? familiarSpecs
          : {},
      evaluate: (scored, features, ctx) => {
        const tx = transactionOf(scored);
        const home = tx?.account?.country;
        if (!tx || !home) return null;
        const sources = { card: tx.card?.country, ip: tx.geo?.country };
        for (const source of p.check) {
          const seen = sources[source];
          if (!seen || seen === home || allowed.has(`${home}:${seen}`)) continue;
          const familiar = p.familiar?.lookback;
          if (
            source === 'ip' &&
            familiar !== undefined &&
            features.seenWithin('familiar', ctx.at, familiar)
          )
            continue;
          const hit: RuleHit = {
            message: `${source} country ${seen} differs from account country ${home}`,
            observed: seen,
            threshold: home,
          };
          const large = p.largeAmount?.[tx.amount.currency];
          if (large !== undefined && tx.amount.minor >= large) {
            hit.score = p.largeScore;
            if (p.largeOutcome) hit.forcedOutcome = p.largeOutcome;
          }
          return hit;
        }
        return null;
      },
    };
  },
});
