import {
  eventTime,
  FeatureReader,
  recordsEvent,
  ruleContext,
  type ConfiguredRule,
  type FeatureSpec,
  type FeatureValue,
  type RuleContext,
  type RuleHit,
  type RuleSet,
} from '@vigil/rules';
import { noHits, type RuleHits } from '../compute-hits.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import { FeatureUse } from '../feature-use.ts';
import { definedIn, type Sides, type SharedRule } from '../shared-rules.ts';
import { ReplayFeatureResolver } from './resolve-replay-feature.ts';
import { ReplayFeatureState } from './replay-feature-state.ts';
import type { ReplayRequest } from './replay-request.ts';

/** A rule's features for the event being replayed: names, and positions in the event's requests. */
interface RuleFeatures {
  names: { name: string }[];
  positions: number[];
  exemptions: number[];
}

const NONE: number[] = [];

/**
 * `HitsComputation` (compute-hits.ts) on the replay's own feature state: the same rules, the
 * same features on the same events, the same hits, but each feature's state named by a number
 * (ReplayFeatureResolver) and kept in an array (ReplayFeatureState), where the reference path
 * builds an id string per feature per event, hashes it and looks it up in maps that hold every
 * entity of the history. The engine's store is the reference: replay-hits.test.ts checks the
 * two hit by hit on simulated history.
 */
export class ReplayHitsComputation {
  private readonly resolver = new ReplayFeatureResolver();
  private readonly state = new ReplayFeatureState();
  private readonly defined: ConfiguredRule[];
  private readonly sideOf: (0 | 1)[];
  /** Each rule's allow-list exemptions as list specs, made once (they depend on the rule only). */
  private readonly exemptionSpecs: FeatureSpec[][];
  private readonly result = noHits();
  private readonly use = new FeatureUse();
  /** First results of the events the history holds more than once, by account and event id. */
  private readonly processed = new Map<string, { origin: string; values: FeatureValue[] }>();
  // Reused per event (never shortened: setting an array's length is a call into the runtime),
  // this runs for every feature of every event.
  private readonly ruleFeatures: RuleFeatures[];
  /** How many requests the event being replayed has: the used part of the arrays below. */
  private asked = 0;
  private readonly requests: ReplayRequest[] = [];
  private readonly sidesOf: Sides[] = [];
  private readonly values: FeatureValue[] = [];
  /** Per slot: the last event (its position + 1) that asked for it, and where in its requests. */
  private readonly askedBy: number[] = [];
  private readonly positionOf: number[] = [];
  /** Events added so far: the next one's position in the history. */
  added = 0;

  constructor(
    private readonly sets: readonly [RuleSet, RuleSet],
    private readonly rules: readonly SharedRule[],
    private readonly redelivered: (accountId: string, eventId: string) => boolean,
  ) {
    const defined = rules.map((rule) => definedIn(sets, rule));
    this.defined = defined.map(({ configured }) => configured);
    this.sideOf = defined.map(({ ruleSet }) => (ruleSet === sets[0] ? 0 : 1));
    this.exemptionSpecs = this.defined.map((configured) =>
      configured.exemptIfAllowed.map(({ entity, scope }): FeatureSpec => ({
        kind: 'list',
        list: 'allow',
        entity,
        scope,
      })),
    );
    this.ruleFeatures = rules.map(() => ({ names: [], positions: NONE, exemptions: NONE }));
  }

  /** The hits of the next events of the history, in order. */
  add(events: readonly RecordedEvent[]): void {
    for (const recorded of events) {
      this.addOne(recorded, this.added);
      this.added += 1;
    }
  }

  /** What the events added so far gave. */
  found(): RuleHits {
    return { ...this.result, ...this.use.sharing() };
  }

  private addOne({ scored, origin }: RecordedEvent, e: number): void {
    const { rules, requests, ruleFeatures, values } = this;
    const contexts: (RuleContext | undefined)[] = [undefined, undefined];
    this.asked = 0;
    for (let r = 0; r < rules.length; r += 1) {
      const side = this.sideOf[r]!;
      const ctx = (contexts[side] ??= ruleContext(this.sets[side], scored));
      const configured = this.defined[r]!;
      const sides = rules[r]!.sides;
      const features = ruleFeatures[r]!;
      // New arrays, small and short-lived: the reader reads `names` to its length.
      const names: { name: string }[] = [];
      let positions = NONE;
      const specs = configured.rule.features(scored, ctx);
      // for…in, as `planRule`: the features in the order the rule declared them.
      for (const name in specs) {
        const spec = specs[name];
        const request = spec && this.resolver.resolve(spec, scored, ctx.at);
        if (!request) continue;
        names.push({ name });
        if (positions === NONE) positions = [];
        positions.push(this.ask(request, sides, e));
      }
      let exemptions = NONE;
      for (const spec of this.exemptionSpecs[r]!) {
        const request = this.resolver.resolve(spec, scored, ctx.at);
        if (!request) continue;
        if (exemptions === NONE) exemptions = [];
        exemptions.push(this.ask(request, sides, e));
      }
      features.names = names;
      features.positions = positions;
      features.exemptions = exemptions;
    }
    this.noteUse();
    const { accountId, eventId } = scored.event;
    // Only events the history holds more than once are remembered, as the reference store does.
    const dedupeKey = this.redelivered(accountId, eventId) ? `${accountId}\u0000${eventId}` : '';
    const previous = dedupeKey === '' ? undefined : this.processed.get(dedupeKey);
    // A delivery again gets its first results when it asks for as many features (same plan).
    const asked = this.asked;
    const first = previous?.values.length === asked ? previous : undefined;
    const at = eventTime(scored);
    for (let i = 0; i < asked; i += 1) {
      const { slot, op } = requests[i]!;
      values[i] = first
        ? first.values[i]!
        : this.state.apply(slot, op, at, previous ? 'replay' : 'write');
    }
    if (dedupeKey !== '' && !previous)
      this.processed.set(dedupeKey, { origin, values: values.slice(0, asked) });
    if (previous && previous.origin !== origin) {
      this.result.duplicates.push(e);
      return;
    }
    for (let r = 0; r < rules.length; r += 1) {
      const hit = this.hitOf(r, scored, contexts[this.sideOf[r]!]!);
      if (!hit) continue;
      this.result.events.push(e);
      this.result.rules.push(r);
      this.result.hits.push(hit);
    }
  }

  /** `ruleHit` on the event's values: an exempt event (allow-listed entity) gives no hit. */
  private hitOf(r: number, scored: RecordedEvent['scored'], ctx: RuleContext): RuleHit | null {
    const { names, positions, exemptions } = this.ruleFeatures[r]!;
    const values = this.values;
    for (const position of exemptions) {
      const value = values[position]!;
      if (value.kind === 'listed' && value.listed) return null;
    }
    const own = positions.map((position) => values[position]!);
    return this.defined[r]!.rule.evaluate(scored, new FeatureReader(names, own), ctx);
  }

  /**
   * Adds a rule's request to the event's (one per slot, as the reference path keeps one per id),
   * noting which sides asked; its position in the event's requests.
   */
  private ask(request: ReplayRequest, sides: Sides, e: number): number {
    const { slot } = request;
    if (this.askedBy[slot] === e + 1) {
      const position = this.positionOf[slot]!;
      this.sidesOf[position]! |= sides;
      return position;
    }
    const position = this.asked++;
    this.askedBy[slot] = e + 1;
    this.positionOf[slot] = position;
    this.requests[position] = request;
    this.sidesOf[position] = sides;
    return position;
  }

  /** Which sides used each feature of the event (`FeatureUse`). */
  private noteUse(): void {
    for (let i = 0; i < this.asked; i += 1) {
      const { key, op } = this.requests[i]!;
      this.use.note(key, this.sidesOf[i]!, recordsEvent(op));
    }
  }
}
