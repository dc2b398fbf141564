import { z } from 'zod';
import { LIST_ENTITIES, type FeatureSpec } from '../feature-spec.ts';
import { defineRule, outcome, type RuleHit } from '../rule.ts';

const params = z.object({
  entities: z
    .array(z.enum(LIST_ENTITIES))
    .min(1)
    .default([...LIST_ENTITIES]),
  outcome: outcome.default('block'),
});

/** Prior fraud linked: the event's device, card fingerprint, IP or account is on a deny list. */
export const denyListRule = defineRule({
  type: 'deny-list',
  description: 'device, card, IP or account on a deny list (confirmed fraud)',
  params,
  compile: (p) => {
    const specs = Object.fromEntries(
      p.entities.map((entity): [string, FeatureSpec] => [
        entity,
        { kind: 'list', list: 'deny', entity, scope: 'global' },
      ]),
    );
    return {
      features: () => specs,
      evaluate: (_scored, features) => {
        const listed = p.entities.filter((entity) => features.listed(entity));
        if (listed.length === 0) return null;
        const hit: RuleHit = {
          message: `${listed.join(', ')} on the deny list`,
          observed: listed.join(','),
          forcedOutcome: p.outcome,
        };
        return hit;
      },
    };
  },
});
