import { z } from 'zod';
import { duration } from '../duration.ts';
import { defineRule, tiers, reachedTier, tierHit } from '../rule.ts';
import { previousSignIn, travelSpeed } from './sign-in-context.ts';

const params = z.object({
  /** Speed tiers in km/h (≈900 airliner; Okta's example 3,000). */
  tiers,
  /** IP geolocation is coarse: ignore hops shorter than this. */
  minDistanceKm: z.number().nonnegative().default(300),
  /** Logins closer together than this are timed as this long, so two logins in one second are not infinitely fast. */
  minInterval: duration.default(60_000),
  retention: duration.default(30 * 86_400_000),
});

/** Speed between consecutive successful logins (haversine distance / elapsed time). */
export const impossibleTravelRule = defineRule({
  type: 'impossible-travel',
  description: 'travel speed between consecutive successful logins',
  params,
  compile: (p) => {
    const previous = previousSignIn(p.retention);
    return {
      features: (scored) =>
        scored.kind === 'login' && scored.event.outcome === 'success' ? { previous } : {},
      evaluate: (scored, features, ctx) => {
        const previous = features.last('previous');
        const travel = travelSpeed(previous, scored.event.geo, ctx.at, p.minInterval);
        if (!previous || !travel || travel.km < p.minDistanceKm) return null;
        const { km, kmh } = travel;
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
