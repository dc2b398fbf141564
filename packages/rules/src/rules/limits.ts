import { z } from 'zod';
import { ACCOUNT_TIERS, type TransactionEvent } from '@vigil/events';
import { perCurrency, type EventFilter } from '../event-filter.ts';
import { OUTGOING_TYPES, transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { defineRule, outcome, type RuleHit } from '../rule.ts';

const limitParams = z.object({
  /** Limit per account tier and currency, minor units; a missing currency has no limit. */
  limits: z.partialRecord(z.enum(ACCOUNT_TIERS), perCurrency),
  /** Share of the limit above which the customer is challenged before the limit is hit. */
  nearRatio: z.number().gt(0).lt(1).default(0.9),
  nearScore: z.number().min(0).max(100).default(45),
  overOutcome: outcome.optional(),
});
type LimitParams = z.infer<typeof limitParams>;

const APPROVED_OUTGOING: EventFilter = {
  kinds: ['transaction'],
  txStatus: 'approved',
  txTypes: [...OUTGOING_TYPES],
};

function limitFor(p: LimitParams, tx: TransactionEvent): number | undefined {
  return p.limits[tx.account?.tier ?? 'basic']?.[tx.amount.currency];
}

function limitHit(
  p: LimitParams,
  score: number,
  what: string,
  observed: number,
  limit: number,
  currency: string,
): RuleHit | null {
  if (observed > limit) {
    const hit: RuleHit = {
      score,
      message: `${what} ${observed} ${currency} over the tier limit ${limit}`,
      observed,
      threshold: limit,
    };
    if (p.overOutcome) hit.forcedOutcome = p.overOutcome;
    return hit;
  }
  const near = Math.ceil(limit * p.nearRatio);
  if (observed >= near) {
    return {
      score: p.nearScore,
      message: `${what} ${observed} ${currency} within ${Math.round((1 - p.nearRatio) * 100)}% of the tier limit ${limit}`,
      observed,
      threshold: near,
    };
  }
  return null;
}

function outgoing(tx: TransactionEvent | undefined): tx is TransactionEvent {
  return tx !== undefined && (OUTGOING_TYPES as readonly string[]).includes(tx.type);
}

/** Per-payment limit by account tier and currency (Stripe Issuing example: 100 per payment). */
export const singleLimitRule = defineRule({
  type: 'single-limit',
  description: 'single payment amount against the tier limit',
  params: limitParams,
  compile: (p, score) => ({
    judgesAmount: true,
    features: () => ({}),
    evaluate: (scored) => {
      const tx = transactionOf(scored);
      if (!outgoing(tx)) return null;
      const limit = limitFor(p, tx);
      return limit === undefined
        ? null
        : limitHit(p, score, 'amount', tx.amount.minor, limit, tx.amount.currency);
    },
  }),
});

/**
 * Approved outgoing total of the event's local day (the account's time zone: its country's zone in
 * the rule set, else the rule set's default), up to the event's own time, against the tier's daily limit.
 */
export const dailyLimitRule = defineRule({
  type: 'daily-limit',
  description: 'daily outgoing total (local midnight reset) against the tier limit',
  params: limitParams,
  compile: (p, score) => {
    // One spec object per time zone, reused for every event: its canonical hash (part of the
    // feature's key) is then computed once per zone, not once per payment.
    const specs = new Map<string, Record<string, FeatureSpec>>();
    const specsFor = (timeZone: string) => {
      let found = specs.get(timeZone);
      if (!found) {
        found = {
          today: {
            kind: 'daily',
            dimension: 'account',
            measure: 'amount',
            timeZone,
            filter: APPROVED_OUTGOING,
          },
        };
        specs.set(timeZone, found);
      }
      return found;
    };
    return {
      judgesAmount: true,
      features: (scored, ctx) => (outgoing(transactionOf(scored)) ? specsFor(ctx.timeZone) : {}),
      evaluate: (scored, features) => {
        const tx = transactionOf(scored);
        const today = features.count('today');
        if (!outgoing(tx) || today === undefined || tx.status !== 'approved') return null;
        const limit = limitFor(p, tx);
        return limit === undefined
          ? null
          : limitHit(p, score, 'daily total', today, limit, tx.amount.currency);
      },
    };
  },
});
