import { z } from 'zod';
import { ACCOUNT_CHANGES } from '@vigil/events';
import { duration, formatDuration } from '../duration.ts';
import { perCurrency, type EventFilter } from '../event-filter.ts';
import { OUTGOING_TYPES, transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { defineRule, outcome, type RuleHit } from '../rule.ts';

const params = z.object({
  within: duration,
  changes: z
    .array(z.enum(ACCOUNT_CHANGES))
    .min(1)
    .default(['password_reset', 'email_changed', 'phone_changed', 'mfa_disabled']),
  /** Amount that counts as "high" per currency; a missing currency only triggers on a new beneficiary. */
  minAmount: perCurrency,
  /** Also fire on a first payment to a beneficiary not paid in `beneficiaryLookback`. */
  newBeneficiary: z.boolean().default(true),
  beneficiaryLookback: duration.default(90 * 86_400_000),
  outcome: outcome.optional(),
});

const PAID_BENEFICIARY: EventFilter = { kinds: ['transaction'], txStatus: 'approved' };

/** Account-takeover cash-out: money leaving soon after a password reset, contact change or MFA disabled. */
export const atoCashOutRule = defineRule({
  type: 'ato-cash-out',
  description: 'high amount or new beneficiary within hours of a sensitive account change',
  params,
  compile: (p) => {
    const sensitive: EventFilter = { kinds: ['account_change'], changes: p.changes };
    const change: FeatureSpec = {
      kind: 'last_event',
      dimension: 'account',
      retentionMs: p.within,
      filter: sensitive,
    };
    const beneficiary: FeatureSpec = {
      kind: 'seen_before',
      dimension: 'account',
      of: 'beneficiary',
      lookbackMs: p.beneficiaryLookback,
      filter: PAID_BENEFICIARY,
    };
    const onTransaction = p.newBeneficiary ? { change, beneficiary } : { change };
    return {
      // Account changes record the "last sensitive change"; outgoing transactions are judged against it.
      features: (scored) =>
        scored.kind === 'transaction'
          ? onTransaction
          : scored.kind === 'account_change'
            ? { change }
            : {},
      evaluate: (scored, features, ctx) => {
        const tx = transactionOf(scored);
        if (!tx || !(OUTGOING_TYPES as readonly string[]).includes(tx.type)) return null;
        const change = features.last('change');
        if (!change || ctx.at - change.at > p.within || ctx.at < change.at) return null;
        const min = p.minAmount[tx.amount.currency];
        const high = min !== undefined && tx.amount.minor >= min;
        const newBeneficiary =
          features.seenWithin('beneficiary', ctx.at, p.beneficiaryLookback) === false;
        if (!high && !newBeneficiary) return null;
        const hoursAgo = Math.round(((ctx.at - change.at) / 3_600_000) * 10) / 10;
        const hit: RuleHit = {
          message: `${high ? `${tx.amount.minor} ${tx.amount.currency}` : 'payment to a new beneficiary'} ${hoursAgo}h after a sensitive account change (window ${formatDuration(p.within)})`,
          observed: hoursAgo,
          threshold: formatDuration(p.within),
        };
        if (p.outcome) hit.forcedOutcome = p.outcome;
        return hit;
      },
    };
  },
});
