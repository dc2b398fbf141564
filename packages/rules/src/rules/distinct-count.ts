import { z } from 'zod';
import { duration, formatDuration } from '../duration.ts';
import { eventFilter, matchesFilter } from '../event-filter.ts';
import { ATTRIBUTES } from '../event-view.ts';
import { DIMENSIONS, type FeatureSpec } from '../feature-spec.ts';
import { defineRule, reachedTier, tierHit, tiers } from '../rule.ts';

const params = z.object({
  dimension: z.enum(DIMENSIONS),
  of: z.enum(ATTRIBUTES),
  window: duration,
  filter: eventFilter.default({}),
  when: eventFilter.optional(),
  tiers,
});

/** Distinct cards per device or IP (card testing), accounts per card (fan-out), cards per account per day. */
export const distinctCountRule = defineRule({
  type: 'distinct',
  description: 'distinct values of an attribute per dimension in a sliding window',
  params,
  compile: (p) => {
    const distinct: FeatureSpec = {
      kind: 'distinct',
      dimension: p.dimension,
      of: p.of,
      windowMs: p.window,
      filter: p.filter,
    };
    return {
      features: (scored) =>
        // Counted events must reach the store even when the rule only judges other events.
        matchesFilter(scored, p.filter) || matchesFilter(scored, p.when ?? p.filter)
          ? { distinct }
          : {},
      evaluate: (scored, features) => {
        if (!matchesFilter(scored, p.when ?? p.filter)) return null;
        const observed = features.count('distinct');
        if (observed === undefined) return null;
        const step = reachedTier(p.tiers, observed);
        if (!step) return null;
        return tierHit(
          step,
          `${observed} distinct ${p.of} values per ${p.dimension} in ${formatDuration(p.window)}`,
          observed,
        );
      },
    };
  },
});
