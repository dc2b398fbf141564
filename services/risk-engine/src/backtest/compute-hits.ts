import {
  eventTime,
  InMemoryFeatureStore,
  planRule,
  ruleContext,
  ruleHit,
  type FeatureOp,
  type FeatureRequest,
  type RuleContext,
  type RuleHit,
  type RulePlan,
  type RuleSet,
} from '@vigil/rules';
import type { RecordedEvent } from './recorded-event.ts';
import { BOTH_SIDES, definedIn, specKeyOf, type Sides, type SharedRule } from './shared-rules.ts';

/** What one worker found: the hits of its rules, and what tells whether its state was shared. */
export interface RuleHits {
  /** Non-null hits, flat: event (position in the history), rule (position in the job), hit. */
  events: number[];
  rules: number[];
  hits: RuleHit[];
  /** Positions of events the store recognised as delivered again (decided on their first delivery). */
  duplicates: number[];
  /** Each feature (spec key) the rules used, with the sides (rule sets) whose rules used it. */
  used: [string, Sides][];
  /**
   * Features that recorded an event for one set's rules while a rule of the other set, which
   * also uses the feature, did not ask for it: one state cannot serve both sets.
   */
  conflicts: string[];
}

/** Whether applying the op changes the feature's state (else it only reads). */
function records(op: FeatureOp): boolean {
  switch (op.kind) {
    case 'counter':
    case 'daily':
      return op.increment > 0;
    case 'distinct':
      return op.member !== null;
    case 'seen_before':
      return op.record;
    case 'last_event':
      return op.record !== null;
    case 'average':
      return op.sample !== null;
    case 'list':
      return false;
  }
}

/**
 * Replays the history through some of the shared rules on one in-memory feature store (the
 * engine's own, keyed by feature id as in production), each event as of its own time in
 * order, and evaluates each rule on it: a rule's hit depends on its definition, the event and
 * its features only, so the decisions of both sets are made from these hits (decide-from-hits.ts).
 * A feature both sets' rules ask for is computed once: the same id, the same state, provided
 * both ask for it on the same events — checked here (`conflicts`).
 */
export async function computeHits(
  sets: readonly [RuleSet, RuleSet],
  rules: readonly SharedRule[],
  events: readonly RecordedEvent[],
  redelivered: (accountId: string, eventId: string) => boolean,
): Promise<RuleHits> {
  const store = new InMemoryFeatureStore({ redelivered });
  const defined = rules.map((rule) => definedIn(sets, rule));
  const sideOf = defined.map(({ ruleSet }) => (ruleSet === sets[0] ? 0 : 1));
  const plan = `${sets[0].fingerprint}+${sets[1].fingerprint}:${rules.map((r) => r.at).join()}`;
  const found: RuleHits = {
    events: [],
    rules: [],
    hits: [],
    duplicates: [],
    used: [],
    conflicts: [],
  };
  const used = new Map<string, Sides>();
  const missed = new Map<string, Sides>();
  // Plain loops and reused buffers: this runs for every rule of every event.
  const plans = new Array<RulePlan>(rules.length);
  const contextOf = new Array<RuleContext>(rules.length);
  const positionOf = new Map<string, number>();
  const sidesOf: Sides[] = [];
  for (let e = 0; e < events.length; e += 1) {
    const { scored, origin } = events[e]!;
    const contexts: (RuleContext | undefined)[] = [undefined, undefined];
    positionOf.clear();
    sidesOf.length = 0;
    const requests: FeatureRequest[] = [];
    for (let r = 0; r < rules.length; r += 1) {
      const side = sideOf[r]!;
      const ctx = (contexts[side] ??= ruleContext(sets[side], scored));
      const rulePlan = planRule(defined[r]!.configured, scored, ctx);
      plans[r] = rulePlan;
      contextOf[r] = ctx;
      const sides = rules[r]!.sides;
      for (const { request } of rulePlan.features)
        add(request, sides, positionOf, requests, sidesOf);
      for (const request of rulePlan.exemptions) add(request, sides, positionOf, requests, sidesOf);
    }
    for (let i = 0; i < requests.length; i += 1) {
      const request = requests[i]!;
      const sides = sidesOf[i]!;
      const key = specKeyOf(request.id);
      const before = used.get(key);
      if (before === undefined || (before | sides) !== before) used.set(key, (before ?? 0) | sides);
      // The op is the spec's for this event, whichever rule asked: only who asked can differ.
      if (sides !== BOTH_SIDES && records(request.op))
        missed.set(key, (missed.get(key) ?? 0) | (BOTH_SIDES & ~sides));
    }
    const [result] = await store.computeBatch([
      {
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: eventTime(scored),
        requests,
        origin,
        plan,
      },
    ]);
    if (result!.duplicate) {
      found.duplicates.push(e);
      continue;
    }
    for (let r = 0; r < rules.length; r += 1) {
      const hit = ruleHit(plans[r]!, result!.values, scored, contextOf[r]!);
      if (!hit) continue;
      found.events.push(e);
      found.rules.push(r);
      found.hits.push(hit);
    }
  }
  found.used = [...used];
  for (const [key, sides] of missed) if ((sides & used.get(key)!) !== 0) found.conflicts.push(key);
  return found;
}

/** Adds a rule's request to the event's (one per id, as `requiredFeatures` keeps them), noting which sides asked. */
function add(
  request: FeatureRequest,
  sides: Sides,
  positionOf: Map<string, number>,
  requests: FeatureRequest[],
  sidesOf: Sides[],
): void {
  const position = positionOf.get(request.id);
  if (position !== undefined) {
    sidesOf[position]! |= sides;
    return;
  }
  positionOf.set(request.id, requests.length);
  requests.push(request);
  sidesOf.push(sides);
}
