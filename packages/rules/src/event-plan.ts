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

// Per spec object, found once (rules hand out the same spec objects for every event): the slot
// of its identity, a number that is equal for two specs exactly when they give the same feature
// id on every event. Slots index each event's resolved features: an array, not a map of strings.
const slots = new WeakMap<FeatureSpec, number>();
const slotsByIdentity = new Map<string, number>();

/**
 * A non-list feature's id is `v1:<kind>:{<tag>}:<dimension>:<spec hash>[:<parts>…]`: the kind,
 * dimension and every other id-shaping field (measure, time zone) are in the hash, the rest comes
 * from the event. Two specs with equal hashes therefore share an id on every event; two whose
 * hashes collided would share one already (and their state in the store), so the hash alone is
 * the identity the key layout itself relies on. A list entry's id is its list, entity and scope
 * plus the event's value.
 */
function slotOf(spec: FeatureSpec): number {
  let slot = slots.get(spec);
  if (slot === undefined) {
    const identity =
      spec.kind === 'list'
        ? `list:${spec.list}:${spec.entity}:${spec.scope}`
        : `feature:${specHash(spec)}`;
    slot = slotsByIdentity.get(identity);
    if (slot === undefined) {
      slot = slotsByIdentity.size;
      slotsByIdentity.set(identity, slot);
    }
    slots.set(spec, slot);
  }
  return slot;
}

/**
 * Resolves one event's features, each distinct feature once: rules that share a feature (the
 * same counter, the same allow-list entry) get the same request object, and `requests` holds
 * each in the order it was first asked for. Deduplicating on the spec's identity (a number found
 * once per spec) instead of on the request id (built per event) spares building the ids of
 * shared features again and hashing every fresh id into a map.
 */
export class SharedResolver {
  readonly requests: FeatureRequest[] = [];
  /**
   * By slot: the request, null when the feature does not apply, undefined not resolved yet; sized
   * for the slots known (all of them once every rule has run), not grown slot by slot.
   */
  private readonly resolved = new Array<FeatureRequest | null | undefined>(slotsByIdentity.size);
  private readonly keys: EventKeys;

  constructor(
    private readonly scored: ScoredEvent,
    private readonly at: number,
  ) {
    this.keys = new EventKeys(scored);
  }

  resolve(spec: FeatureSpec): FeatureRequest | undefined {
    const slot = slotOf(spec);
    let request = this.resolved[slot];
    if (request === undefined) {
      request = resolveFeature(spec, this.scored, this.at, this.keys) ?? null;
      this.resolved[slot] = request;
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
