import { z } from 'zod';
import { duration, formatDuration } from '../duration.ts';
import { eventFilter, matchesFilter, perCurrency } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { featureSubsets } from '../feature-subsets.ts';
import { defineRule } from '../rule.ts';
import { isFamiliarSignIn, signInContext, signInContextSpecs } from './sign-in-context.ts';

const params = z
  .object({
    of: z.enum(['device', 'country', 'beneficiary', 'card', 'ip']),
    lookback: duration,
    /**
     * An account with no recorded value at all: `flag` treats its first value like any unfamiliar
     * one; `learn` takes it as the baseline (a new customer, or Vigil's first days in production,
     * where every first login would otherwise be "new"). Dormant accounts are not "no history" as
     * long as `history` outlasts their silence.
     */
    noHistory: z.enum(['flag', 'learn']).default('flag'),
    /** How long values are remembered after the account's last recording (≥ lookback; default: lookback). */
    history: duration.optional(),
    /** Which events make a value "seen" (e.g. successful logins and approved transactions). */
    record: eventFilter,
    /** Which events the rule judges. */
    when: eventFilter,
    /** Only fire when the transaction amount reaches this (per currency); absent = any amount. */
    minAmount: perCurrency.optional(),
    /**
     * A first sight on a sign-in that otherwise matches the account's history (sign-in-context.ts)
     * is remembered, not flagged: a new device alone is a weak signal, the combinations carry risk.
     */
    familiar: signInContext.optional(),
  })
  .refine((p) => p.history === undefined || p.history >= p.lookback, {
    message: 'history must be at least the lookback',
    path: ['history'],
  });

/**
 * First sight of a device / country / beneficiary / card for the account within the lookback:
 * new-device and new-country logins (Auth0 30 days, Okta), new device or beneficiary with a
 * high amount, a new card on the customer (Stripe Radar). A device the customer confirmed
 * (account allow list) counts as seen. With `noHistory: learn`, an account's very first value
 * is its baseline rather than a hit.
 */
export const firstSeenRule = defineRule({
  type: 'first-seen',
  description: 'first sight of an attribute for the account within a lookback',
  params,
  compile: (p) => {
    const specs: Record<string, FeatureSpec> = {
      seen: {
        kind: 'seen_before',
        dimension: 'account',
        of: p.of,
        lookbackMs: p.lookback,
        ...(p.history === undefined ? {} : { historyMs: p.history }),
        filter: p.record,
      },
    };
    if (p.of === 'device')
      specs.trusted = { kind: 'list', list: 'allow', entity: 'device', scope: 'account' };
    if (p.familiar) Object.assign(specs, signInContextSpecs(p.familiar));
    const subset = featureSubsets(specs);
    const none = new Set<string>();
    return {
      judgesAmount: p.minAmount !== undefined,
      // A judged event reads every feature; the others record into the states their filters feed
      // (the rule's own sightings on e.g. approved payments; the context's familiar values, last
      // sensitive change and failed sign-ins).
      features: (scored) => (matchesFilter(scored, p.when) ? specs : subset(scored, none)),
      evaluate: (scored, features, ctx) => {
        if (!matchesFilter(scored, p.when)) return null;
        if (features.seenWithin('seen', ctx.at, p.lookback) !== false) return null;
        if (features.listed('trusted')) return null;
        if (p.noHistory === 'learn' && features.hasHistory('seen') === false) return null;
        if (p.familiar && isFamiliarSignIn(p.familiar, scored, features, ctx.at)) return null;
        let amountNote = '';
        if (p.minAmount) {
          const tx = transactionOf(scored);
          const min = tx ? p.minAmount[tx.amount.currency] : undefined;
          if (!tx || min === undefined || tx.amount.minor < min) return null;
          amountNote = ` with ${tx.amount.minor} ${tx.amount.currency} (≥ ${min})`;
        }
        const lastSeenAt = features.lastSeenAt('seen');
        return {
          message: `${p.of} not seen for this account in ${formatDuration(p.lookback)}${amountNote}`,
          observed: lastSeenAt == null ? 'never' : new Date(lastSeenAt).toISOString(),
          threshold: formatDuration(p.lookback),
        };
      },
    };
  },
});
