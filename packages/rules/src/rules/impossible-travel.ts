import { z } from 'zod';
import { duration } from '../duration.ts';
import type { EventFilter } from '../event-filter.ts';
import type { FeatureSpec } from '../feature-spec.ts';
import { haversineKm } from '../geo.ts';
import { defineRule, tiers, reachedTier, tierHit } from '../rule.ts';

const params = z.object({
  /** Speed tiers in km/h (≈900 airliner; Okta's example 3,000). */
  tiers,
  /** IP geolocation is coarse: ignore hops shorter than this. */
  minDistanceKm: z.number().nonnegative().default(300),
  /** Logins closer together than this are timed as this long, so two logins in one second are not infinitely fast. */
  minInterval: duration.default(60_000),
  retention: duration.default(30 * 86_400_000),
});

const SUCCESSFUL_LOGIN: EventFilter = { kinds: ['login'], loginOutcome: 'success' };

/** Speed between consecutive successful logins (haversine distance / elapsed time). */
export const impossibleTravelRule = defineRule({
  type: 'impossible-travel',
  description: 'travel speed between consecutive successful logins',
  params,
  compile: (p) => {
    const previous: FeatureSpec = {
      kind: 'last_event',
      dimension: 'account',
      retentionMs: p.retention,
      filter: SUCCESSFUL_LOGIN,
    };
    return {
      features: (scored) =>
        scored.kind === 'login' && scored.event.outcome === 'success' ? { previous } : {},
      evaluate: (scored, features, ctx) => {
        const previous = features.last('previous');
        const here = scored.event.geo;
        if (!previous || previous.lat === undefined || previous.lon === undefined) return null;
        if (here?.lat === undefined || here.lon === undefined || previous.at > ctx.at) return null;
        const km = haversineKm(
          { lat: previous.lat, lon: previous.lon },
          { lat: here.lat, lon: here.lon },
        );
        if (km < p.minDistanceKm) return null;
        const hours = Math.max(ctx.at - previous.at, p.minInterval) / 3_600_000;
        const kmh = Math.round(km / hours);
        const step = reachedTier(p.tiers, kmh);
        if (!step) return null;
        return tierHit(
          step,
          `${Math.round(km)} km since the previous login ${previous.country ?? ''} at ${kmh} km/h`.replace(
            '  ',
            ' ',
          ),
          kmh,
        );
      },
    };
  },
});
