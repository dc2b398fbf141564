import type { ScoredEvent } from '@vigil/events';
import {
  attributeValue,
  localDay,
  matchesFilter,
  specHash,
  transactionOf,
  type Dimension,
  type FeatureSpec,
  type LastEventRecord,
} from '@vigil/rules';
import type { ReplayOp, ReplayRequest } from './replay-request.ts';
import { SlotTrie, ValueNumbers } from './slot-trie.ts';

/** What a spec's requests share: its root in the trie and its sharing key. */
interface SpecEntry {
  root: number;
  key: string;
}

/**
 * `resolveFeature` for the replay: the same features, with the same ops, on the same events,
 * but each named by a slot number instead of its id string. Two requests get the same slot
 * exactly when production would give them the same id: the id is the spec hash (which fixes
 * kind and dimension), the entity's values and the extra parts (currency, local day), each
 * value percent-encoded so that distinct values stay distinct — here they are numbered instead.
 */
export class ReplayFeatureResolver {
  private readonly trie = new SlotTrie();
  private readonly values = new ValueNumbers();
  /** Specs by object (rules hand out the same objects for every event), then by hash. */
  private readonly specs = new WeakMap<object, SpecEntry>();
  private readonly byHash = new Map<string, SpecEntry>();
  // The tuple being looked up: reused, this runs for every feature of every event.
  private readonly parts: number[] = [];

  /** How many slots (feature states) the replay has named so far. */
  get slots(): number {
    return this.trie.size;
  }

  resolve(spec: FeatureSpec, scored: ScoredEvent, at: number): ReplayRequest | undefined {
    const entry = this.entryOf(spec);
    const parts = this.parts;
    parts[0] = entry.root;
    if (spec.kind === 'list') {
      const value = attributeValue(scored, spec.entity);
      if (value === undefined) return undefined;
      let length = 1;
      if (spec.scope === 'account') parts[length++] = this.values.of(scored.event.accountId);
      parts[length++] = this.values.of(value);
      return { slot: this.trie.slotOf(parts, length), op: { kind: 'list' }, key: entry.key };
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
        const member = attributeValue(scored, spec.of);
        const number = matches && member !== undefined ? this.values.of(member) : null;
        op = { kind: 'distinct', windowMs: spec.windowMs, member: number };
        break;
      }
      case 'seen_before': {
        const member = attributeValue(scored, spec.of);
        if (member === undefined) return undefined;
        op = { kind: 'seen_before', member: this.values.of(member), record: matches };
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
    return { slot: this.trie.slotOf(parts, length), op, key: entry.key };
  }

  private entryOf(spec: FeatureSpec): SpecEntry {
    let entry = this.specs.get(spec);
    if (entry) return entry;
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
    this.specs.set(spec, entry);
    return entry;
  }

  /**
   * Puts the numbers of the dimension's values for this event after the spec's root (as
   * `dimensionParts` puts their text in the id); the tuple's length, 0 when the event lacks one.
   */
  private entityParts(dimension: Dimension, scored: ScoredEvent): number {
    const account = scored.event.accountId;
    switch (dimension) {
      case 'account':
        return this.put(1, account);
      case 'card':
      case 'device':
      case 'ip':
      case 'bin':
      case 'beneficiary':
        return this.put(1, attributeValue(scored, dimension));
      case 'account_ip':
        return this.pair(account, attributeValue(scored, 'ip'));
      case 'account_device':
        return this.pair(account, attributeValue(scored, 'device'));
      case 'account_card':
        return this.pair(account, attributeValue(scored, 'card'));
      case 'card_ip':
        return this.pair(attributeValue(scored, 'card'), attributeValue(scored, 'ip'));
      case 'merchant_bin':
        return this.pair(attributeValue(scored, 'merchant'), attributeValue(scored, 'bin'));
      case 'account_merchant_amount': {
        const tx = transactionOf(scored);
        if (!tx?.merchant) return 0;
        this.put(1, account);
        this.put(2, tx.merchant.id);
        return this.put(3, `${tx.amount.minor}${tx.amount.currency}`);
      }
    }
  }

  private pair(first: string | undefined, second: string | undefined): number {
    if (first === undefined || second === undefined) return 0;
    this.put(1, first);
    return this.put(2, second);
  }

  /** Puts a value's number at `at` in the tuple: the length so far, 0 when there is no value. */
  private put(at: number, value: string | undefined): number {
    if (value === undefined) return 0;
    this.parts[at] = this.values.of(value);
    return at + 1;
  }
}
