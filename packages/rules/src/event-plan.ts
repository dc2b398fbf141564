import type { ScoredEvent } from '@vigil/events';
import { planRule, ruleContext, type RulePlan } from './feature-plan.ts';
import type { FeatureRequest } from './feature-request.ts';
import type { FeatureSpec } from './feature-spec.ts';
import { EventKeys, resolveFeature, specHash } from './resolve-feature.ts';
import type { RuleContext } from './rule.ts';
import type { RuleSet } from './rule-set.ts';

/**
 * One event's plan: every active rule's features and exemptions (what `planFeatures` gives) and
 * the deduplicated requests the store computes (what `requiredFeatures` gives, same ids, same
 * order), built in one pass.
 */
export interface EventPlan {
  rules: RulePlan[];
  requests: FeatureRequest[];
  /** The rule context the plan was made in (evaluation uses the same). */
  ctx: RuleContext;
}

// Per spec object, built once (rules hand out the same spec objects for every event): a string
// that is equal for two specs exactly when they give the same feature id on every event.
const identities = new WeakMap<FeatureSpec, string>();

/**
 * A non-list feature's id is `v1:<kind>:{<tag>}:<dimension>:<spec hash>[:<parts>…]`: the kind,
 * dimension and every other id-shaping field (measure, time zone) are in the hash, the rest comes
 * from the event. Two specs with equal hashes therefore share an id on every event; two whose
 * hashes collided would share one already (and their state in the store), so the hash alone is
 * the identity the key layout itself relies on. A list entry's id is its list, entity and scope
 * plus the event's value.
 */
function identityOf(spec: FeatureSpec): string {
  let identity = identities.get(spec);
  if (identity === undefined) {
    identity =
      spec.kind === 'list'
        ? `list:${spec.list}:${spec.entity}:${spec.scope}`
        : `feature:${specHash(spec)}`;
    identities.set(spec, identity);
  }
  return identity;
}

/**
 * Resolves one event's features, each distinct feature once: rules that share a feature (the
 * same counter, the same allow-list entry) get the same request object, and `requests` holds
 * each in the order it was first asked for. Deduplicating on the spec's identity (a string built
 * once per spec) instead of on the request id (built per event) spares building the ids of
 * shared features again and hashing every fresh id into a map.
 */
export class SharedResolver {
  readonly requests: FeatureRequest[] = [];
  private readonly resolved = new Map<string, FeatureRequest | null>();
  private readonly keys: EventKeys;

  constructor(
    private readonly scored: ScoredEvent,
    private readonly at: number,
  ) {
    this.keys = new EventKeys(scored);
  }

  resolve(spec: FeatureSpec): FeatureRequest | undefined {
    const identity = identityOf(spec);
    let request = this.resolved.get(identity);
    if (request === undefined) {
      request = resolveFeature(spec, this.scored, this.at, this.keys) ?? null;
      this.resolved.set(identity, request);
      if (request !== null) this.requests.push(request);
    }
    return request ?? undefined;
  }
}

/** `planFeatures` and `requiredFeatures` of one event in one pass (see EventPlan). */
export function planEvent(ruleSet: RuleSet, scored: ScoredEvent): EventPlan {
  const ctx = ruleContext(ruleSet, scored);
  const resolver = new SharedResolver(scored, ctx.at);
  const rules: RulePlan[] = [];
  for (const configured of ruleSet.rules) {
    if (configured.mode === 'off') continue;
    rules.push(planRule(configured, scored, ctx, resolver));
  }
  return { rules, requests: resolver.requests, ctx };
}
