import { z } from 'zod';
import { country } from '@vigil/events';
import { perCurrency } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
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
});

/** Card issuing country or IP country differs from the account's country (Adyen: among the most effective). */
export const countryMismatchRule = defineRule({
  type: 'country-mismatch',
  description: 'card or IP country differs from the account country (neighbours allowed)',
  params,
  compile: (p) => {
    const allowed = new Set(p.neighbours.flatMap(([a, b]) => [`${a}:${b}`, `${b}:${a}`]));
    return {
      features: () => ({}),
      evaluate: (scored) => {
        const tx = transactionOf(scored);
        const home = tx?.account?.country;
        if (!tx || !home) return null;
        const sources = { card: tx.card?.country, ip: tx.geo?.country };
        for (const source of p.check) {
          const seen = sources[source];
          if (!seen || seen === home || allowed.has(`${home}:${seen}`)) continue;
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
