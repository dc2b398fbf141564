import {
  eventTime,
  InMemoryFeatureStore,
  planRule,
  recordsEvent,
  ruleContext,
  ruleHit,
  type ConfiguredRule,
  type FeatureRequest,
  type RuleContext,
  type RuleHit,
  type RulePlan,
  type RuleSet,
} from '@vigil/rules';
import type { RecordedEvent } from './recorded-event.ts';
import { FeatureUse } from './feature-use.ts';
import { definedIn, specKeyOf, type Sides, type SharedRule } from './shared-rules.ts';

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

/** Nothing found yet: what a hits computation starts from. */
export function noHits(): RuleHits {
  return { events: [], rules: [], hits: [], duplicates: [], used: [], conflicts: [] };
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
  const hits = new HitsComputation(sets, rules, redelivered);
  await hits.add(events);
  return hits.found();
}

/**
 * `computeHits` a part of the history at a time, in order: a worker computes the first events'
 * hits while the rest of the history is still on its way (history-buffer.ts).
 */
export class HitsComputation {
  private readonly store: InMemoryFeatureStore;
  private readonly defined: { ruleSet: RuleSet; configured: ConfiguredRule }[];
  private readonly sideOf: (0 | 1)[];
  private readonly plan: string;
  private readonly result = noHits();
  private readonly use = new FeatureUse();
  // Reused buffers: this runs for every rule of every event.
  private readonly plans: RulePlan[];
  private readonly contextOf: RuleContext[];
  private readonly positionOf = new Map<string, number>();
  private readonly sidesOf: Sides[] = [];
  /** Events added so far: the next one's position in the history. */
  added = 0;

  constructor(
    private readonly sets: readonly [RuleSet, RuleSet],
    private readonly rules: readonly SharedRule[],
    redelivered: (accountId: string, eventId: string) => boolean,
  ) {
    this.store = new InMemoryFeatureStore({ redelivered });
    this.defined = rules.map((rule) => definedIn(sets, rule));
    this.sideOf = this.defined.map(({ ruleSet }) => (ruleSet === sets[0] ? 0 : 1));
    this.plan = `${sets[0].fingerprint}+${sets[1].fingerprint}:${rules.map((r) => r.at).join()}`;
    this.plans = new Array<RulePlan>(rules.length);
    this.contextOf = new Array<RuleContext>(rules.length);
  }

  /** The hits of the next events of the history, in order. */
  async add(events: readonly RecordedEvent[]): Promise<void> {
    for (const recorded of events) {
      await this.addOne(recorded, this.added);
      this.added += 1;
    }
  }

  /** What the events added so far gave. */
  found(): RuleHits {
    return { ...this.result, ...this.use.sharing() };
  }

  private async addOne({ scored, origin }: RecordedEvent, e: number): Promise<void> {
    const { sets, rules, plans, contextOf, positionOf, sidesOf } = this;
    const contexts: (RuleContext | undefined)[] = [undefined, undefined];
    positionOf.clear();
    sidesOf.length = 0;
    const requests: FeatureRequest[] = [];
    for (let r = 0; r < rules.length; r += 1) {
      const side = this.sideOf[r]!;
      const ctx = (contexts[side] ??= ruleContext(sets[side], scored));
      const rulePlan = planRule(this.defined[r]!.configured, scored, ctx);
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
      // A counter's group field is its spec hash, the same string for every event (its hash is
      // kept): no key to cut out of the id.
      this.use.note(request.group?.field ?? specKeyOf(request.id), sides, recordsEvent(request.op));
    }
    const [result] = await this.store.computeBatch([
      {
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: eventTime(scored),
        requests,
        origin,
        plan: this.plan,
      },
    ]);
    const found = this.result;
    if (result!.duplicate) {
      found.duplicates.push(e);
      return;
    }
    for (let r = 0; r < rules.length; r += 1) {
      const hit = ruleHit(plans[r]!, result!.values, scored, contextOf[r]!);
      if (!hit) continue;
      found.events.push(e);
      found.rules.push(r);
      found.hits.push(hit);
    }
  }
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
