import { z } from 'zod';
import { duration } from '../duration.ts';
import { perCurrency, type EventFilter } from '../event-filter.ts';
import { OUTGOING_TYPES, transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { defineRule } from '../rule.ts';

const params = z.object({
  multiplier: z.number().gt(1),
  /** Absolute floor per currency, so tiny accounts are not flagged for a 20 → 70 jump. */
  minAmount: perCurrency,
  minSamples: z.number().int().positive().default(5),
  retention: duration.default(180 * 86_400_000),
});

const APPROVED_OUTGOING: EventFilter = {
  kinds: ['transaction'],
  txStatus: 'approved',
  txTypes: [...OUTGOING_TYPES],
};

/** Amount far above the account's own running average in that currency (> 3× and > 500). */
export const unusualAmountRule = defineRule({
  type: 'unusual-amount',
  description: "amount far above the account's own average",
  params,
  compile: (p) => {
    const average: FeatureSpec = {
      kind: 'average',
      dimension: 'account',
      retentionMs: p.retention,
      filter: APPROVED_OUTGOING,
    };
    return {
      judgesAmount: true,
      features: (scored) => (scored.kind === 'transaction' ? { average } : {}),
      evaluate: (scored, features) => {
        const tx = transactionOf(scored);
        const average = features.average('average');
        if (!tx || !average || average.count < p.minSamples) return null;
        const floor = p.minAmount[tx.amount.currency];
        if (floor === undefined || tx.amount.minor <= floor) return null;
        const threshold = Math.round(average.mean * p.multiplier);
        if (tx.amount.minor <= threshold) return null;
        return {
          message: `${tx.amount.minor} ${tx.amount.currency} is over ${p.multiplier}× the account average ${Math.round(average.mean)}`,
          observed: tx.amount.minor,
          threshold,
        };
      },
    };
  },
});
