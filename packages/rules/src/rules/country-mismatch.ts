import { z } from 'zod';
import { country, type TransactionEvent } from '@vigil/events';
import { duration } from '../duration.ts';
import { eventFilter, perCurrency } from '../event-filter.ts';
import { transactionOf } from '../event-view.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { featureSubsets } from '../feature-subsets.ts';
import type { FeatureReader } from '../feature-values.ts';
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
  /**
   * The customer's own device abroad: an IP country mismatch on a payment from a device the
   * account first used (events matching `record`, last seen within `lookback`) at least `tenure`
   * before it is the customer travelling; so is the account's very first device (no device
   * before it to compare with: its baseline, as first-seen rules learn it). A device first used by
   * whoever just signed in to an account that has one (a takeover's cash-out, impossible travel's
   * purchase) is still asked about.
   */
  ownDevice: z.object({ tenure: duration, lookback: duration, record: eventFilter }).optional(),
  /**
   * Card present (an event with neither IP nor device: its geo is the terminal's, and the card is
   * at it): a purchase under `largeAmount` is not asked about; a large one is, unless the customer
   * signed in from the terminal's country (events matching `signedIn.record`) within
   * `signedIn.within`. `signedIn.lookback` is the state's (the new-country sign-in rule's, to
   * share it).
   */
  cardPresent: z
    .object({
      signedIn: z
        .object({ lookback: duration, within: duration, record: eventFilter })
        .refine((s) => s.within <= s.lookback, { message: 'within must not exceed the lookback' }),
    })
    .optional(),
});

/** The account's device for at least `tenure` (and seen within `lookback`), or its first device. */
function ownDevice(f: FeatureReader, at: number, tenure: number, lookback: number): boolean {
  if (f.seenWithin('ownDevice', at, lookback) !== true) return false;
  const first = f.firstSeenAt('ownDevice');
  return (first != null && at - first >= tenure) || f.isFirstValue('ownDevice') === true;
}

/**
 * Whether an IP country mismatch is the customer's own travel (`familiar`, `ownDevice`,
 * `cardPresent`); `large`: the amount reaches `largeAmount`.
 */
function travelling(
  p: z.output<typeof params>,
  tx: TransactionEvent,
  f: FeatureReader,
  at: number,
  large: boolean,
): boolean {
  if (p.familiar && f.seenWithin('familiar', at, p.familiar.lookback) === true) return true;
  if (p.ownDevice && ownDevice(f, at, p.ownDevice.tenure, p.ownDevice.lookback)) return true;
  if (!p.cardPresent || tx.ip !== undefined || tx.device !== undefined) return false;
  return !large || f.seenWithin('signedIn', at, p.cardPresent.signedIn.within) === true;
}

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
    // Same spec as a new-device rule with this lookback and filter: one shared state.
    if (p.ownDevice)
      familiarSpecs.ownDevice = {
        kind: 'seen_before',
        dimension: 'account',
        of: 'device',
        lookbackMs: p.ownDevice.lookback,
        filter: p.ownDevice.record,
      };
    const signedIn = p.cardPresent?.signedIn;
    if (signedIn)
      familiarSpecs.signedIn = {
        kind: 'seen_before',
        dimension: 'account',
        of: 'country',
        lookbackMs: signedIn.lookback,
        filter: signedIn.record,
      };
    const judged = p.check.includes('ip') && Object.keys(familiarSpecs).length > 0;
    const subset = featureSubsets(familiarSpecs);
    const online = new Set(['familiar', 'ownDevice']);
    const present = new Set(['familiar', 'signedIn']);
    const none = new Set<string>();
    return {
      // A payment with an IP or device reads what excuses it there (familiar, ownDevice); a
      // card-present one (neither) familiar and whether the customer signed in from the terminal's
      // country; every event feeds the states whose filters it matches (sign-ins, approved
      // payments), even if no new-country or new-device rule is on.
      features: (scored) => {
        if (!judged) return {};
        const tx = transactionOf(scored);
        if (!tx?.geo) return subset(scored, none);
        return subset(scored, tx.ip === undefined && tx.device === undefined ? present : online);
      },
      evaluate: (scored, features, ctx) => {
        const tx = transactionOf(scored);
        const home = tx?.account?.country;
        if (!tx || !home) return null;
        const sources = { card: tx.card?.country, ip: tx.geo?.country };
        for (const source of p.check) {
          const seen = sources[source];
          if (!seen || seen === home || allowed.has(`${home}:${seen}`)) continue;
          const largeAt = p.largeAmount?.[tx.amount.currency];
          const large = largeAt !== undefined && tx.amount.minor >= largeAt;
          if (source === 'ip' && travelling(p, tx, features, ctx.at, large)) continue;
          const hit: RuleHit = {
            message: `${source} country ${seen} differs from account country ${home}`,
            observed: seen,
            threshold: home,
          };
          if (large) {
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
