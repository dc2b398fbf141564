import { z } from 'zod';
import { ACCOUNT_CHANGES, type ScoredEvent } from '@vigil/events';
import { duration } from '../duration.ts';
import { eventFilter, type EventFilter } from '../event-filter.ts';
import { ATTRIBUTES } from '../event-view.ts';
import type { FeatureSpec, LastEventRecord } from '../feature-spec.ts';
import type { FeatureReader } from '../feature-values.ts';
import { haversineKm } from '../geo.ts';

export const SUCCESSFUL_LOGIN: EventFilter = { kinds: ['login'], loginOutcome: 'success' };
const FAILED_LOGIN: EventFilter = { kinds: ['login'], loginOutcome: 'failure' };

/**
 * The account's previous successful sign-in, as impossible travel reads it: the same spec (and so
 * the same state and feature id) wherever a rule needs the last place the customer signed in from.
 */
export function previousSignIn(retentionMs: number): FeatureSpec {
  return { kind: 'last_event', dimension: 'account', retentionMs, filter: SUCCESSFUL_LOGIN };
}

/**
 * Speed in km/h from `previous` to `here` over the time between them (at least `minIntervalMs`,
 * so two sign-ins a second apart are not infinitely fast); undefined when either has no
 * coordinates or `previous` is not before `at`.
 */
export function travelSpeed(
  previous: LastEventRecord | null | undefined,
  here: { lat?: number | undefined; lon?: number | undefined } | undefined,
  at: number,
  minIntervalMs: number,
): { km: number; kmh: number } | undefined {
  if (!previous || previous.lat === undefined || previous.lon === undefined) return undefined;
  if (here?.lat === undefined || here.lon === undefined || previous.at > at) return undefined;
  const km = haversineKm(
    { lat: previous.lat, lon: previous.lon },
    { lat: here.lat, lon: here.lon },
  );
  const hours = Math.max(at - previous.at, minIntervalMs) / 3_600_000;
  return { km, kmh: Math.round(km / hours) };
}

/**
 * When a first sight is ordinary: the rest of the sign-in matches the account's history (any of
 * `anyOf` was recorded for the account within its lookback: the network a new device signs in
 * from, the device a new country is reached on), and nothing that carries takeovers came with it
 * (a recent sensitive change, a run of failed sign-ins, a jump faster than travel). Such a first
 * sight is remembered (recorded as usual) and not flagged.
 */
export const signInContext = z.object({
  anyOf: z
    .array(z.object({ of: z.enum(ATTRIBUTES), lookback: duration }))
    .min(1)
    .max(2),
  /** Which events make those values familiar. */
  record: eventFilter,
  /** A sensitive change this recent keeps the flag (the spec ato-cash-out reads, when the same). */
  unlessChange: z
    .object({
      within: duration,
      changes: z.array(z.enum(ACCOUNT_CHANGES)).min(1),
    })
    .optional(),
  /** This many failed sign-ins of the account within `within` keep the flag. */
  unlessFailures: z
    .object({
      atLeast: z.number().int().positive(),
      within: duration,
      bucket: duration,
    })
    .refine((f) => f.within % f.bucket === 0, { message: 'within must be a multiple of bucket' })
    .optional(),
  /** Travel from the previous successful sign-in at this speed or faster keeps the flag. */
  unlessFasterThanKmh: z.number().positive().optional(),
  /** How far back the previous sign-in is remembered (impossible travel's retention: one state). */
  travelRetention: duration.default(30 * 86_400_000),
  /** Hops shorter than this are not travel (IP geolocation is coarse). */
  minDistanceKm: z.number().nonnegative().default(300),
});
export type SignInContext = z.infer<typeof signInContext>;

/** The features a sign-in context reads, by local name (prefixed so they never meet a rule's own). */
export function signInContextSpecs(c: SignInContext): Record<string, FeatureSpec> {
  const specs: Record<string, FeatureSpec> = {};
  c.anyOf.forEach(({ of, lookback }, i) => {
    specs[`ctx.seen${i}`] = {
      kind: 'seen_before',
      dimension: 'account',
      of,
      lookbackMs: lookback,
      filter: c.record,
    };
  });
  if (c.unlessChange)
    specs['ctx.change'] = {
      kind: 'last_event',
      dimension: 'account',
      retentionMs: c.unlessChange.within,
      filter: { kinds: ['account_change'], changes: c.unlessChange.changes },
    };
  if (c.unlessFailures)
    specs['ctx.failures'] = {
      kind: 'counter',
      dimension: 'account',
      measure: 'count',
      windowMs: c.unlessFailures.within,
      bucketMs: c.unlessFailures.bucket,
      filter: FAILED_LOGIN,
    };
  if (c.unlessFasterThanKmh !== undefined)
    specs['ctx.previous'] = previousSignIn(c.travelRetention);
  return specs;
}

/**
 * Whether this sign-in matches the account's history: a familiar value, and no recent change,
 * run of failures or jump faster than travel.
 */
export function isFamiliarSignIn(
  c: SignInContext,
  scored: ScoredEvent,
  features: FeatureReader,
  at: number,
): boolean {
  const familiar = c.anyOf.some(
    ({ lookback }, i) => features.seenWithin(`ctx.seen${i}`, at, lookback) === true,
  );
  if (!familiar) return false;
  if (c.unlessChange) {
    const change = features.last('ctx.change');
    if (change && change.at <= at && at - change.at <= c.unlessChange.within) return false;
  }
  if (c.unlessFailures && (features.count('ctx.failures') ?? 0) >= c.unlessFailures.atLeast)
    return false;
  if (c.unlessFasterThanKmh !== undefined) {
    const travel = travelSpeed(features.last('ctx.previous'), scored.event.geo, at, 60_000);
    if (travel && travel.km >= c.minDistanceKm && travel.kmh >= c.unlessFasterThanKmh) return false;
  }
  return true;
}
