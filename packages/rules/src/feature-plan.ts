import type { ScoredEvent } from '@vigil/events';
import { eventTime, transactionOf } from './event-view.ts';
import type { FeatureRequest } from './feature-request.ts';
import { resolveFeature } from './resolve-feature.ts';
import type { RuleContext } from './rule.ts';
import type { FeatureSpec } from './feature-spec.ts';
import type { ConfiguredRule, Exemption, RuleSet } from './rule-set.ts';

/** A feature a rule declared under a local name, resolved for one event. */
export interface PlannedFeature {
  name: string;
  request: FeatureRequest;
}

/**
 * One rule's features for one event: those that apply (a feature that does not, e.g. no device on
 * the event, is left out and reads as undefined) and the allow-list entries that exempt it.
 * Arrays, not maps: this is built for every rule of every event, and a rule has one or two.
 */
export interface RulePlan {
  configured: ConfiguredRule;
  features: readonly PlannedFeature[];
  exemptions: readonly FeatureRequest[];
}

const NONE: readonly never[] = [];

/** The account's time zone: its country's zone in the rule set, else the rule set's default. */
export function timeZoneFor(ruleSet: RuleSet, scored: ScoredEvent): string {
  const country = transactionOf(scored)?.account?.country;
  return (country !== undefined && ruleSet.countryTimeZones.get(country)) || ruleSet.timeZone;
}

export function ruleContext(ruleSet: RuleSet, scored: ScoredEvent): RuleContext {
  return { at: eventTime(scored), timeZone: timeZoneFor(ruleSet, scored) };
}

/**
 * Which features every active rule needs for this event. Rules that are `off` ask for nothing,
 * so switching a rule off also stops its state from being maintained.
 */
export function planFeatures(ruleSet: RuleSet, scored: ScoredEvent): RulePlan[] {
  const ctx = ruleContext(ruleSet, scored);
  const plans: RulePlan[] = [];
  for (const configured of ruleSet.rules) {
    if (configured.mode === 'off') continue;
    plans.push(planRule(configured, scored, ctx));
  }
  return plans;
}

/**
 * One rule's plan for one event: a function of the rule's definition, the event and the rule
 * set's time zones (in `ctx`) only, so two rule sets that define a rule alike plan it alike.
 */
export function planRule(
  configured: ConfiguredRule,
  scored: ScoredEvent,
  ctx: RuleContext,
  /** Resolves the event's features for all its rules at once (event-plan.ts); else one by one. */
  resolver?: FeatureResolver,
): RulePlan {
  const specs = configured.rule.features(scored, ctx);
  let features: PlannedFeature[] | undefined;
  // for…in, not Object.entries: this runs for every rule of every event.
  for (const name in specs) {
    const spec = specs[name];
    const request =
      spec && (resolver ? resolver.resolve(spec) : resolveFeature(spec, scored, ctx.at));
    if (request) (features ??= []).push({ name, request });
  }
  let exemptions: FeatureRequest[] | undefined;
  for (const exemption of configured.exemptIfAllowed) {
    const spec = allowListSpec(exemption);
    const request = resolver ? resolver.resolve(spec) : resolveFeature(spec, scored, ctx.at);
    if (request) (exemptions ??= []).push(request);
  }
  if (!features && !exemptions) return emptyPlanOf(configured);
  return { configured, features: features ?? NONE, exemptions: exemptions ?? NONE };
}

// Plans are read only: a rule that needs nothing of an event (most rules, for most events) has
// one plan saying so, not a new one per event.
const emptyPlans = new WeakMap<ConfiguredRule, RulePlan>();

function emptyPlanOf(configured: ConfiguredRule): RulePlan {
  let plan = emptyPlans.get(configured);
  if (plan === undefined) {
    plan = { configured, features: NONE, exemptions: NONE };
    emptyPlans.set(configured, plan);
  }
  return plan;
}

/** What resolves a rule's feature specs for one event (several rules may share one). */
export interface FeatureResolver {
  resolve(spec: FeatureSpec): FeatureRequest | undefined;
}

// One spec object per exemption, built once: not one per rule of every event.
const allowListSpecs = new WeakMap<Exemption, FeatureSpec>();

function allowListSpec(exemption: Exemption): FeatureSpec {
  let spec = allowListSpecs.get(exemption);
  if (spec === undefined) {
    spec = { kind: 'list', list: 'allow', entity: exemption.entity, scope: exemption.scope };
    allowListSpecs.set(exemption, spec);
  }
  return spec;
}

/**
 * The deduplicated feature requests for one event, in a deterministic order. Two rules that
 * need the same counter share one request (same id), so state is updated once. Callers that
 * also evaluate the event pass the plans they computed, so planning runs once per event.
 */
export function requiredFeatures(
  ruleSet: RuleSet,
  scored: ScoredEvent,
  plans: readonly RulePlan[] = planFeatures(ruleSet, scored),
): FeatureRequest[] {
  const byId = new Map<string, FeatureRequest>();
  for (const plan of plans) {
    for (const { request } of plan.features) {
      if (!byId.has(request.id)) byId.set(request.id, request);
    }
    for (const request of plan.exemptions) {
      if (!byId.has(request.id)) byId.set(request.id, request);
    }
  }
  return [...byId.values()];
}
