import type { ScoredEvent } from '@vigil/events';
import {
  ATTRIBUTES,
  attributeValue,
  type Attribute,
  localDay,
  matchesFilter,
  specHash,
  transactionOf,
  type Dimension,
  type FeatureSpec,
  type LastEventRecord,
} from '@vigil/rules';
import type { ReplayOp, ReplayRequest } from './replay-request.ts';
import { SlotTable, ValueNumbers } from './slot-table.ts';

/** What a spec's requests share: its root (a tuple's first part) and its sharing key. */
interface SpecEntry {
  root: number;
  key: string;
}

/**
 * A spec object's entry, and its request for the last event it was resolved for: several rules
 * of an event ask for the same features (the same spec objects), resolved once.
 */
interface SpecUse {
  entry: SpecEntry;
  scored: ScoredEvent | undefined;
  at: number;
  request: ReplayRequest | undefined;
}

/** No number: the event has no such value. */
const NONE = -1;
/** Not numbered yet for the event. */
const UNKNOWN = -2;
const LIST: ReplayOp = { kind: 'list' };
const ATTRIBUTE_INDEX = new Map<Attribute, number>(
  ATTRIBUTES.map((attribute, i) => [attribute, i]),
);

/**
 * `resolveFeature` for the replay: the same features, with the same ops, on the same events,
 * but each named by a slot number instead of its id string. Two requests get the same slot
 * exactly when production would give them the same id: the id is the spec hash (which fixes
 * kind and dimension), the entity's values and the extra parts (currency, local day), each
 * value percent-encoded so that distinct values stay distinct — here they are numbered instead.
 */
export class ReplayFeatureResolver {
  private readonly table = new SlotTable();
  private readonly values = new ValueNumbers();
  /** Specs by object (rules hand out the same objects for every event), then by hash. */
  private readonly specs = new WeakMap<object, SpecUse>();
  private readonly byHash = new Map<string, SpecEntry>();
  // The tuple being looked up: reused, this runs for every feature of every event.
  private readonly parts: number[] = [];
  /** The numbers of the event's attributes by ATTRIBUTES index, for `numbered`'s event only. */
  private readonly attributes = new Int32Array(ATTRIBUTES.length).fill(UNKNOWN);
  private numbered: ScoredEvent | undefined;

  /** How many slots (feature states) the replay has named so far. */
  get slots(): number {
    return this.table.size;
  }

  resolve(spec: FeatureSpec, scored: ScoredEvent, at: number): ReplayRequest | undefined {
    const use = this.useOf(spec);
    if (use.scored === scored && use.at === at) return use.request;
    use.scored = scored;
    use.at = at;
    use.request = this.resolveAgain(use.entry, spec, scored, at);
    return use.request;
  }

  private resolveAgain(
    entry: SpecEntry,
    spec: FeatureSpec,
    scored: ScoredEvent,
    at: number,
  ): ReplayRequest | undefined {
    const parts = this.parts;
    parts[0] = entry.root;
    if (spec.kind === 'list') {
      const value = this.attribute(scored, spec.entity);
      if (value === NONE) return undefined;
      let length = 1;
      if (spec.scope === 'account') parts[length++] = this.attribute(scored, 'account');
      parts[length++] = value;
      return { slot: this.table.slotOf(parts, length), op: LIST, key: entry.key };
    }
    let length = this.entityParts(spec.dimension, scored);
    if (length === 0) return undefined;
    const matches = matchesFilter(scored, spec.filter);
    const tx = transactionOf(scored);
    let op: ReplayOp;
    switch (spec.kind) {
      case 'counter':
      case 'daily': {
        let increment = matches ? 1 : 0;
        if (spec.measure === 'amount') {
          // Amounts are only ever added within one currency, as in production.
          if (!tx) return undefined;
          increment = matches ? tx.amount.minor : 0;
          parts[length++] = this.values.of(tx.amount.currency);
        }
        if (spec.kind === 'counter') {
          const { windowMs, bucketMs } = spec;
          op = { kind: 'counter', windowMs, bucketMs, increment };
        } else {
          parts[length++] = this.values.of(localDay(at, spec.timeZone));
          op = { kind: 'daily', increment };
        }
        break;
      }
      case 'distinct': {
        const member = matches ? this.attribute(scored, spec.of) : NONE;
        op = { kind: 'distinct', windowMs: spec.windowMs, member: member === NONE ? null : member };
        break;
      }
      case 'seen_before': {
        const member = this.attribute(scored, spec.of);
        if (member === NONE) return undefined;
        op = { kind: 'seen_before', member, record: matches };
        break;
      }
      case 'last_event': {
        const geo = scored.event.geo;
        const record: LastEventRecord = { at, country: geo?.country, lat: geo?.lat, lon: geo?.lon };
        op = { kind: 'last_event', record: matches ? record : null };
        break;
      }
      case 'average':
        if (!tx) return undefined;
        parts[length++] = this.values.of(tx.amount.currency);
        op = { kind: 'average', sample: matches ? tx.amount.minor : null };
        break;
    }
    return { slot: this.table.slotOf(parts, length), op, key: entry.key };
  }

  /** The number of the event's value of `attribute` (NONE: it has none), once per event. */
  private attribute(scored: ScoredEvent, attribute: Attribute): number {
    if (this.numbered !== scored) {
      this.numbered = scored;
      this.attributes.fill(UNKNOWN);
    }
    const index = ATTRIBUTE_INDEX.get(attribute)!;
    let number = this.attributes[index]!;
    if (number === UNKNOWN) {
      const value = attributeValue(scored, attribute);
      number = value === undefined ? NONE : this.values.of(value);
      this.attributes[index] = number;
    }
    return number;
  }

  private useOf(spec: FeatureSpec): SpecUse {
    let use = this.specs.get(spec);
    if (!use) {
      use = { entry: this.entryOf(spec), scored: undefined, at: 0, request: undefined };
      this.specs.set(spec, use);
    }
    return use;
  }

  private entryOf(spec: FeatureSpec): SpecEntry {
    let entry: SpecEntry | undefined;
    // A list's id has no spec hash: its list, entity and scope (its sharing key, as
    // `specKeyOf` reads it from the id, leaves the scope out).
    const hash =
      spec.kind === 'list' ? `list:${spec.list}:${spec.entity}:${spec.scope}` : specHash(spec);
    entry = this.byHash.get(hash);
    if (!entry) {
      const key = spec.kind === 'list' ? `list:${spec.list}:${spec.entity}` : hash;
      entry = { root: this.byHash.size, key };
      this.byHash.set(hash, entry);
    }
    return entry;
  }

  /**
   * Puts the numbers of the dimension's values for this event after the spec's root (as
   * `dimensionParts` puts their text in the id); the tuple's length, 0 when the event lacks one.
   */
  private entityParts(dimension: Dimension, scored: ScoredEvent): number {
    switch (dimension) {
      case 'account':
      case 'card':
      case 'device':
      case 'ip':
      case 'bin':
      case 'beneficiary':
        return this.put(1, this.attribute(scored, dimension));
      case 'account_ip':
        return this.pair(scored, 'account', 'ip');
      case 'account_device':
        return this.pair(scored, 'account', 'device');
      case 'account_card':
        return this.pair(scored, 'account', 'card');
      case 'card_ip':
        return this.pair(scored, 'card', 'ip');
      case 'merchant_bin':
        return this.pair(scored, 'merchant', 'bin');
      case 'account_merchant_amount': {
        const tx = transactionOf(scored);
        if (!tx?.merchant) return 0;
        this.put(1, this.attribute(scored, 'account'));
        this.put(2, this.attribute(scored, 'merchant'));
        return this.put(3, this.values.of(`${tx.amount.minor}${tx.amount.currency}`));
      }
    }
  }

  private pair(scored: ScoredEvent, first: Attribute, second: Attribute): number {
    if (this.put(1, this.attribute(scored, first)) === 0) return 0;
    return this.put(2, this.attribute(scored, second));
  }

  /** Puts a value's number at `at` in the tuple: the length so far, 0 when there is no value. */
  private put(at: number, number: number): number {
    if (number === NONE) return 0;
    this.parts[at] = number;
    return at + 1;
  }
}
